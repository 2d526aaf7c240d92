BEGIN TRANSACTION;
CREATE TABLE answers (
	submission_id INTEGER NOT NULL, 
	item VARCHAR(200) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY (submission_id, item), 
	FOREIGN KEY(submission_id) REFERENCES submissions (id)
);
INSERT INTO "answers" VALUES(1,'S1.today','3');
INSERT INTO "answers" VALUES(1,'S1.ambition','5');
INSERT INTO "answers" VALUES(2,'S1.today','2');
INSERT INTO "answers" VALUES(3,'note','"æøå <b>"');
CREATE TABLE audit (
	id INTEGER NOT NULL, 
	at VARCHAR(32) NOT NULL, 
	actor VARCHAR(128) NOT NULL, 
	action VARCHAR(32) NOT NULL, 
	scope TEXT NOT NULL, 
	count INTEGER NOT NULL, 
	reason TEXT NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "audit" VALUES(1,'2026-12-05T08:02:57.815301+00:00','root','retention','cohort:agder-2025',0,'retention_until=2026-06-30');
INSERT INTO "audit" VALUES(2,'2026-12-05T08:02:57.836721+00:00','trainer','export','status=final, latest=respondent',3,'');
CREATE TABLE casekit_meta (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "casekit_meta" VALUES('schema','casekit-store');
INSERT INTO "casekit_meta" VALUES('version','2');
CREATE TABLE cohorts (
	id VARCHAR(64) NOT NULL, 
	retention_until VARCHAR(10), 
	registered_at VARCHAR(32) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "cohorts" VALUES('agder-2025','2026-06-30','2026-12-05T08:02:57.815301+00:00');
CREATE TABLE respondents (
	id VARCHAR(128) NOT NULL, 
	municipality VARCHAR(4), 
	role VARCHAR(128), 
	created_at VARCHAR(32) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "respondents" VALUES('4228-r01','4228','kommunedirektør','2026-12-05T08:02:57.821496+00:00');
INSERT INTO "respondents" VALUES('4228-r02','4228',NULL,'2026-12-05T08:02:57.828457+00:00');
INSERT INTO "respondents" VALUES('4204-r01','4204',NULL,'2026-12-05T08:02:57.829938+00:00');
CREATE TABLE submissions (
	id INTEGER NOT NULL, 
	respondent VARCHAR(128) NOT NULL, 
	municipality VARCHAR(4), 
	role VARCHAR(128), 
	instrument VARCHAR(200) NOT NULL, 
	version VARCHAR(32) NOT NULL, 
	status VARCHAR(8) NOT NULL CHECK (status in ('draft', 'final')), 
	created_at VARCHAR(32) NOT NULL, 
	meta TEXT NOT NULL, 
	cohort VARCHAR(64), 
	PRIMARY KEY (id), 
	FOREIGN KEY(respondent) REFERENCES respondents (id)
);
INSERT INTO "submissions" VALUES(1,'4228-r01','4228','kommunedirektør','maturity','1','final','2026-12-05T08:02:57.821496+00:00','{}','agder-2025');
INSERT INTO "submissions" VALUES(2,'4228-r02','4228',NULL,'maturity','1','final','2026-12-05T08:02:57.828457+00:00','{}','agder-2025');
INSERT INTO "submissions" VALUES(3,'4204-r01','4204',NULL,'maturity','1','draft','2026-12-05T08:02:57.829938+00:00','{"page": 2}',NULL);
CREATE INDEX ix_submissions_respondent ON submissions (respondent);
CREATE INDEX ix_submissions_municipality ON submissions (municipality, instrument);
CREATE INDEX ix_submissions_cohort ON submissions (cohort);
CREATE INDEX ix_submissions_lookup ON submissions (instrument, respondent, status);
COMMIT;
