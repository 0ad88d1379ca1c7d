"""Which Chromium the browser tests drive: $COURSE_BROWSER first, then the system's, then
Playwright's own download; with none, a reason that says how to get one."""
import conftest


def test_the_environment_variable_wins(monkeypatch, tmp_path):
    chrome = tmp_path / "chrome"
    chrome.write_text("")
    monkeypatch.setenv(conftest.BROWSER_ENV, str(chrome))
    assert conftest.find_browser() == (chrome, "$COURSE_BROWSER")


def test_a_wrong_environment_variable_is_reported_not_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv(conftest.BROWSER_ENV, str(tmp_path / "nothing"))
    path, why = conftest.find_browser()
    assert path is None and "does not exist" in why


def test_playwrights_own_browser_when_the_system_has_none(monkeypatch, tmp_path):
    own = tmp_path / "ms-playwright" / "chrome"
    monkeypatch.delenv(conftest.BROWSER_ENV, raising=False)
    monkeypatch.setattr(conftest, "SYSTEM_BROWSERS", [])
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    monkeypatch.setattr(conftest, "_playwright_browser", lambda: own)
    assert conftest.find_browser() == (own, "Playwright's own browser")
    monkeypatch.setattr(conftest, "_playwright_browser", lambda: None)
    path, why = conftest.find_browser()
    assert path is None and "playwright install chromium" in why
