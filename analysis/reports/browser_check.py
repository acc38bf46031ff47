"""Open report pages in a real headless Chromium, offline, and check they are whole and inert.

For every HTML file the check records: console errors, network requests that were attempted
(anything but ``data:``/``file:`` is a failure — a report must open offline), whether any
injected script ran (``window.__injected`` set by test payloads), images that did not load
(``naturalWidth == 0``), and it saves a full-page screenshot PNG next to the page.
Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package (dev extra).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis.errors import AnalysisError

__all__ = ["PageCheck", "check_pages", "browser_available", "CHROMIUM_FLAGS"]

#: Flags for a quiet, offline, sandbox-free headless Chromium (as root on CI machines).
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9", "--disable-dev-shm-usage", "--window-size=1280,900",
)  # fmt: skip
_LOCAL_SCHEMES = ("data:", "file:", "about:", "chrome:", "devtools:")


@dataclass
class PageCheck:
    """What the browser saw on one page."""

    path: str
    title: str = ""
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    injected_script_ran: bool = False
    images: int = 0
    broken_images: list[str] = field(default_factory=list)
    screenshot: str = ""

    @property
    def ok(self) -> bool:
        return not (
            self.console_errors
            or self.failed_requests
            or self.injected_script_ran
            or self.broken_images
        )

    def as_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


def browser_available() -> bool:
    """True when chromium, chromedriver and selenium are all installed."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return bool(shutil.which("chromium") or shutil.which("chromium-browser")) and bool(
        shutil.which("chromedriver")
    )


def _driver(profile: Path):  # noqa: ANN202 - selenium type
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = (
        shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    )
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(
        options=options, service=Service(shutil.which("chromedriver") or "chromedriver")
    )
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
    )
    return driver


def _requests(performance_log: list[dict]) -> tuple[list[str], list[str]]:
    urls, failed = [], []
    by_id: dict[str, str] = {}
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message.get("method") == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            by_id[params.get("requestId", "")] = url
            urls.append(url[:120])
        elif message.get("method") == "Network.loadingFailed":
            failed.append(
                by_id.get(params.get("requestId", ""), "?")[:120]
                + f" ({params.get('errorText', '')})"
            )
    external = [u for u in urls if not u.startswith(_LOCAL_SCHEMES)]
    return urls, sorted(set(failed) | set(external))


def _full_page_screenshot(driver, target: Path) -> None:  # noqa: ANN001
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    width, height = int(size["width"]), min(int(size["height"]), 16000)
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    target.write_bytes(base64.b64decode(shot["data"]))


def check_pages(pages: list[Path], *, screenshots: bool = True) -> list[PageCheck]:
    """Open each page offline in headless Chromium and report what happened."""
    if not browser_available():
        raise AnalysisError(
            "headless Chromium is not available: install the Debian packages chromium and chromium-driver (make browser) and the dev extra (selenium)"
        )
    results = []
    with tempfile.TemporaryDirectory(prefix="analysis-chromium-") as profile:
        driver = _driver(Path(profile))
        try:
            for page in pages:
                driver.get_log("performance")  # drop entries from the previous page
                driver.get_log("browser")
                driver.get(page.resolve().as_uri())
                driver.execute_script("return document.readyState")
                check = PageCheck(path=str(page), title=driver.title)
                images = driver.execute_script(
                    "return Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, (i.alt || i.src).slice(0, 80)])"
                )
                check.images = len(images)
                check.broken_images = [label for loaded, label in images if not loaded]
                check.injected_script_ran = bool(
                    driver.execute_script(
                        "return window.__injected === true || document.title.includes('INJECTED')"
                    )
                )
                check.console_errors = [
                    e["message"][:300]
                    for e in driver.get_log("browser")
                    if e.get("level") == "SEVERE"
                ]
                check.requests, check.failed_requests = _requests(driver.get_log("performance"))
                if screenshots:
                    target = page.with_suffix(".png")
                    _full_page_screenshot(driver, target)
                    check.screenshot = str(target)
                results.append(check)
        finally:
            driver.quit()
    return results
