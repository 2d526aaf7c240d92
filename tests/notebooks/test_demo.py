import pytest

from casekit.cli import main


@pytest.mark.notebook
def test_demo_writes_linked_html_without_code(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--municipality", "Sirdal"]) == 0
    index = out / "index.html"
    assert str(index.resolve()) in capsys.readouterr().out
    html = index.read_text(encoding="utf-8")
    for lang in ("nb", "en"):
        page = out / lang / "00-start-here.html"
        assert f'href="{lang}/00-start-here.html"' in html
        text = page.read_text(encoding="utf-8")
        assert "Sirdal" in text and "casekit.setup" not in text
