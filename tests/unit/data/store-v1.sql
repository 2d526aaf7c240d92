BEGIN TRANSACTION;
CREATE TABLE answers (
	submission_id INTEGER NOT NULL, 
	item VARCHAR(200) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY (submission_id, item), 
	FOREIGN KEY(submission_id) REFERENCES submissions (id)
);
INSERT INTO "answers" VALUES(1,'S1.today','3');
INSERT INTO "answers" VALUES(1,'S1.ambition','4');
INSERT INTO "answers" VALUES(2,'S1.today','3');
INSERT INTO "answers" VALUES(2,'S1.ambition','5');
INSERT INTO "answers" VALUES(3,'S1.today','2');
INSERT INTO "answers" VALUES(3,'note','"æøå <b>"');
INSERT INTO "answers" VALUES(4,'goal','"Én inngang"');
CREATE TABLE casekit_meta (
	"key" VARCHAR(64) NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "casekit_meta" VALUES('schema','casekit-store');
INSERT INTO "casekit_meta" VALUES('version','1');
CREATE TABLE respondents (
	id VARCHAR(128) NOT NULL, 
	municipality VARCHAR(4), 
	role VARCHAR(128), 
	created_at VARCHAR(32) NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "respondents" VALUES('4228-r01','4228','kommunedirektør','2026-12-05T04:40:51.245413+00:00');
INSERT INTO "respondents" VALUES('4204-r02','4204',NULL,'2026-12-05T04:40:51.248976+00:00');
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
	PRIMARY KEY (id), 
	FOREIGN KEY(respondent) REFERENCES respondents (id)
);
INSERT INTO "submissions" VALUES(1,'4228-r01','4228','kommunedirektør','maturity','1','draft','2026-12-05T04:40:51.245915+00:00','{"page": 2}');
INSERT INTO "submissions" VALUES(2,'4228-r01','4228','kommunedirektør','maturity','1','final','2026-12-05T04:40:51.247850+00:00','{}');
INSERT INTO "submissions" VALUES(3,'4204-r02','4204',NULL,'maturity','1','final','2026-12-05T04:40:51.248598+00:00','{}');
INSERT INTO "submissions" VALUES(4,'4204-r02','4204',NULL,'initiative:felles-inngang','1','final','2026-12-05T04:40:51.249794+00:00','{}');
CREATE INDEX ix_submissions_lookup ON submissions (instrument, respondent, status);
CREATE INDEX ix_submissions_municipality ON submissions (municipality, instrument);
COMMIT;
