//! `sourceline export --format html`: one web page for students that works offline.
//!
//! The fast tests read the written file: it asks for nothing from the network, its data reads
//! back, and hostile text in a timeline stays text. The browser test opens the page in headless
//! Chromium through chromedriver and uses it as a student would: click an event, step with →,
//! search, zoom to a period, on a laptop screen and a phone screen, with no console message and
//! no request leaving the file.
//!
//! The browser test needs `chromedriver` and `chromium` (or `chromium-browser`, `google-chrome`)
//! on the PATH; on Debian the packages are `chromium` and `chromium-driver`. Without them it
//! fails, unless `SOURCELINE_SKIP_BROWSER_TESTS=1` is set. With
//! `SOURCELINE_WEB_SCREENSHOTS=FOLDER` it also saves the README's screenshots there.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use sourceline::model::Timeline;

// ---------------------------------------------------------------------------------------------
// The written file

fn sourceline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sourceline"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Exports `file` (the built-in timeline when `None`) to `out`; returns the page.
fn export_page(file: Option<&Path>, out: &Path, extra: &[&str]) -> String {
    let out_text = out.to_str().expect("temporary paths are UTF-8");
    let mut args = vec!["export"];
    if let Some(file) = file {
        args.push(file.to_str().expect("temporary paths are UTF-8"));
    }
    args.extend_from_slice(&["--out", out_text]);
    args.extend_from_slice(extra);
    let output = sourceline(&args);
    assert!(
        output.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("(web page, "), "says what it wrote: {said}");
    std::fs::read_to_string(out).expect("the page is UTF-8")
}

const DATA_START: &str = r#"<script type="application/json" id="sourceline-data">"#;

/// The JSON inside the page's data element.
fn page_data(page: &str) -> Value {
    let start = page.find(DATA_START).expect("the data element") + DATA_START.len();
    let end = start
        + page[start..]
            .find("</script>")
            .expect("the data element ends");
    serde_json::from_str(&page[start..end]).expect("the data is JSON")
}

fn builtin_timeline() -> Timeline {
    sourceline::builtin::load()
        .timeline
        .expect("the built-in timeline loads")
}

#[test]
fn the_page_is_one_file_that_asks_for_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let page = export_page(None, &dir.path().join("page.html"), &[]);
    let timeline = builtin_timeline();
    let urls: Vec<&str> = timeline
        .sources
        .iter()
        .filter_map(|s| s.url.as_deref())
        .collect();
    assert!(!urls.is_empty(), "the built-in timeline links a source");
    for scheme in ["http://", "https://"] {
        for (at, _) in page.match_indices(scheme) {
            assert!(
                urls.iter().any(|url| page[at..].starts_with(url)),
                "only the sources' own addresses: {}",
                &page[at..page.len().min(at + 80)]
            );
        }
    }
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<script src"), "no script from elsewhere");
    assert!(!lower.contains(" src="), "nothing loaded by address");
    assert_eq!(
        lower.matches("<link").count(),
        lower.matches(r#"<link rel="icon" href="data:,">"#).count(),
        "no link but the empty inline icon (which stops the browser asking for one)"
    );
    assert!(
        page.contains("Content-Security-Policy") && page.contains("default-src 'none'"),
        "the browser is told to load nothing"
    );
    assert!(!page.contains("SOURCELINE_"), "every placeholder is filled");
    assert!(
        page.contains("<h1 id=\"title\">From Cold War to Partnership"),
        "the title is in the heading, for readers without script"
    );
}

#[test]
fn the_data_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let page = export_page(None, &dir.path().join("page.html"), &[]);
    let data = page_data(&page);
    let timeline = builtin_timeline();
    let events = data["events"].as_array().expect("events");
    assert_eq!(events.len(), 37);
    assert_eq!(data["title"], timeline.title.as_str());
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    let model_ids: Vec<&str> = timeline.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, model_ids, "in date order, as in the model");

    let (index, camp_david) = timeline.event_by_id("camp-david-meeting").unwrap();
    let event = &events[index];
    assert_eq!(event["title"], "Bush and Yeltsin meet at Camp David");
    assert_eq!(event["date"], "1 February 1992");
    assert_eq!(event["start_day"], camp_david.span.start_day);
    assert_eq!(event["end_day"], camp_david.span.start_day + 1);
    assert_eq!(event["importance"], 1);
    assert_eq!(event["status"], "happened");
    let category = &data["categories"][event["category"].as_u64().unwrap() as usize];
    assert_eq!(category["label"], "Summits and meetings");
    assert_eq!(category["color"], "#e69f00");
    let excerpts = event["excerpts"].as_array().unwrap();
    assert_eq!(excerpts.len(), 3);
    for excerpt in excerpts {
        assert_eq!(excerpt["verified"], true, "{excerpt}");
        let source = &data["sources"][excerpt["source"].as_u64().unwrap() as usize];
        assert_eq!(source["id"], "sputnik-2023");
        assert_eq!(source["date"], "31 January 2023");
    }

    let linked: Vec<&Value> = data["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["url"].is_null())
        .collect();
    assert_eq!(linked.len(), 1);
    assert!(linked[0]["url"].as_str().unwrap().starts_with("https://"));

    let tour: Vec<&str> = data["tour"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| ids[i.as_u64().unwrap() as usize])
        .collect();
    assert_eq!(tour.len(), 18);
    assert_eq!(tour[7], "camp-david-meeting");

    // The page opens on the period the window opens on: the file's 1988 to 1994.
    let day = |text: &str| {
        sourceline::model::HistDate::parse(text)
            .unwrap()
            .day_span()
            .start_day
    };
    assert_eq!(data["view"]["start_day"], f64::from(day("1988")));
    assert_eq!(data["view"]["end_day"], f64::from(day("1995")));
    assert!(
        data["generator"]
            .as_str()
            .unwrap()
            .starts_with("Sourceline ")
    );
}

/// A timeline whose every text tries to break out of the data element.
/// Addresses in a summary: only the web one may become a link.
const LINKS_IN_SUMMARY: &str =
    "javascript:alert(2) data:text/html,<b>x</b> (see https://example.org/a_(b)).";

fn hostile_timeline(dir: &Path) -> PathBuf {
    let attack = "</script><script>alert(1)</script>";
    std::fs::write(
        dir.join("source.txt"),
        format!("The source says {attack} and <!-- here."),
    )
    .expect("the source is written");
    let timeline = json!({
        "format": 1,
        "title": format!("Tom & Jerry's {attack} <!--"),
        "description": format!("{attack}\u{2028}<!-- -->\u{2029}"),
        "sources": [{
            "id": "s", "title": format!("A {attack} source"), "file": "source.txt",
            "url": "https://example.org/?q=</script>", "note": "<!--",
        }],
        "categories": [{ "id": "c", "label": format!("Lane <!-- {attack}") }],
        "events": [
            {
                "id": "e0", "title": attack, "date": "1990-05-01", "category": "c",
                "summary": format!(
                    "Before\u{2028}after\u{2029} {attack} <!-- </SCRIPT >\n{LINKS_IN_SUMMARY}"
                ),
                "date_note": "<!-- x",
                "excerpts": [{ "source": "s", "text": format!("says {attack} and <!-- here") }],
                "tags": ["<b>bold</b>"],
            },
            {
                "id": "e1", "title": "A plain event", "date": "1991", "category": "c",
                "excerpts": [{ "source": "s", "text": "not in the source" }],
            },
        ],
    });
    let path = dir.join("hostile.json");
    let text = serde_json::to_string_pretty(&timeline).expect("JSON");
    std::fs::write(&path, text).expect("the timeline is written");
    path
}

#[test]
fn hostile_text_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_timeline(dir.path());
    let page = export_page(Some(&file), &dir.path().join("hostile.html"), &[]);
    let lower = page.to_ascii_lowercase();
    assert_eq!(
        lower.matches("<script").count(),
        2,
        "only the page's own two"
    );
    assert_eq!(
        lower.matches("</script").count(),
        2,
        "only the page's own two"
    );
    assert!(!page.contains("<!--"), "no comment can open");
    assert!(
        !page.contains('\u{2028}') && !page.contains('\u{2029}'),
        "line separators are escaped"
    );
    assert!(!lower.contains("alert(1)</script"));
    assert_eq!(
        page.matches(
            "Tom &amp; Jerry&apos;s &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!--"
        )
        .count(),
        2,
        "the title is escaped in <title> and <h1>"
    );
    let data = page_data(&page);
    let event = &data["events"][0];
    assert_eq!(event["title"], "</script><script>alert(1)</script>");
    assert_eq!(
        event["summary"],
        format!(
            "Before\u{2028}after\u{2029} </script><script>alert(1)</script> <!-- </SCRIPT >\n\
             {LINKS_IN_SUMMARY}"
        )
    );
    assert_eq!(
        event["excerpts"][0]["text"],
        "says </script><script>alert(1)</script> and <!-- here"
    );
    assert_eq!(event["excerpts"][0]["verified"], true);
    assert_eq!(data["events"][1]["excerpts"][0]["verified"], false);
    assert_eq!(
        data["sources"][0]["url"],
        "https://example.org/?q=</script>"
    );
}

#[test]
fn the_format_is_told_from_the_name_or_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let page = export_page(None, &dir.path().join("PAGE.HTM"), &[]);
    assert!(page.starts_with("<!DOCTYPE html>"));
    let page = export_page(None, &dir.path().join("page.txt"), &["--format", "html"]);
    assert!(page.starts_with("<!DOCTYPE html>"));

    // A timeline that does not open writes nothing.
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{ \"format\": 1, ").unwrap();
    let out = dir.path().join("broken.html");
    let output = sourceline(&[
        "export",
        broken.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("could not be opened"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!out.exists(), "no file is left behind");
}

// ---------------------------------------------------------------------------------------------
// In a browser

/// The browser and its driver, found on the PATH.
struct BrowserTools {
    chromedriver: PathBuf,
    browser: PathBuf,
}

fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    names
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// The tools, or `None` when they are missing and the browser tests may be skipped; panics
/// with what to install when they are missing and may not.
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn browser_tools() -> Option<BrowserTools> {
    let chromedriver = find_on_path(&["chromedriver"]);
    let browser = find_on_path(&[
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]);
    if let (Some(chromedriver), Some(browser)) = (chromedriver.clone(), browser.clone()) {
        return Some(BrowserTools {
            chromedriver,
            browser,
        });
    }
    let missing = [
        chromedriver.is_none().then_some("chromedriver"),
        browser.is_none().then_some("chromium"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" and ");
    if std::env::var("SOURCELINE_SKIP_BROWSER_TESTS").is_ok_and(|v| v == "1") {
        eprintln!("skipping the browser test: {missing} not found on the PATH");
        return None;
    }
    panic!(
        "the browser test needs {missing} on the PATH: install them (Debian: `apt-get install \
         chromium chromium-driver`), or set SOURCELINE_SKIP_BROWSER_TESTS=1 to skip it"
    );
}

/// chromedriver on a free port of this machine, ended when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(chromedriver: &Path) -> Self {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

async fn connect(tools: &BrowserTools, driver: &Driver) -> Client {
    let mut capabilities = Capabilities::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": tools.browser,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=1280,720",
            ],
        }),
    );
    capabilities.insert(
        "goog:loggingPrefs".into(),
        json!({ "browser": "ALL", "performance": "ALL" }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

/// Chromium's log of one kind ("browser": the console; "performance": network events), the
/// entries since the last read.
#[derive(Debug)]
struct ReadLog(&'static str);

impl WebDriverCompatibleCommand for ReadLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

/// A Chrome `DevTools` Protocol command, through chromedriver.
#[derive(Debug)]
struct DevTools(&'static str, Value);

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.0, "params": self.1 });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Makes the page's viewport exactly `width` × `height` CSS pixels at one pixel each, as on a
/// phone when `mobile`.
async fn set_viewport(client: &Client, width: u32, height: u32, mobile: bool) {
    let metrics = json!({
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile,
    });
    client
        .issue_cmd(DevTools("Emulation.setDeviceMetricsOverride", metrics))
        .await
        .expect("the viewport size");
}

async fn read_log(client: &Client, kind: &'static str) -> Vec<Value> {
    match client.issue_cmd(ReadLog(kind)).await.expect("the log") {
        Value::Array(entries) => entries,
        other => panic!("a log is a list: {other}"),
    }
}

/// What a script returns.
async fn js(client: &Client, script: &str) -> Value {
    client
        .execute(script, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Waits until `condition` (a script expression) is true.
async fn wait_until(client: &Client, condition: &str, what: &str) {
    let script = format!("return !!({condition});");
    let deadline = Instant::now() + Duration::from_secs(10);
    while js(client, &script).await != Value::Bool(true) {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the detail panel's heading is `heading`.
async fn wait_for_heading(client: &Client, heading: &str, what: &str) {
    let condition = format!(
        "document.getElementById('detail-heading').textContent === {}",
        json!(heading)
    );
    wait_until(client, &condition, what).await;
}

/// Clicks an event's button on the timeline (which must be shown) and waits for its details.
async fn click_timeline_event(client: &Client, id: &str, heading: &str, what: &str) {
    let button = client
        .find(Locator::Css(&format!(
            "#timeline button.event[data-event-id=\"{id}\"]"
        )))
        .await
        .unwrap_or_else(|e| panic!("{id}: {e}"));
    assert!(
        button.is_displayed().await.unwrap_or(false),
        "{what}: {id} is shown on the timeline"
    );
    button.click().await.unwrap_or_else(|e| panic!("{id}: {e}"));
    wait_for_heading(client, heading, what).await;
}

async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("the element's text")
}

/// Keys typed into the focused element.
async fn press(client: &Client, keys: &str) {
    client
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(keys)
        .await
        .expect("keys typed");
}

fn file_url(path: &Path) -> String {
    url::Url::from_file_path(path)
        .expect("an absolute path")
        .to_string()
}

async fn save_screenshot(client: &Client, name: &str) {
    let Some(folder) = std::env::var_os("SOURCELINE_WEB_SCREENSHOTS") else {
        return;
    };
    // Let the view's animation (300 ms) finish.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let png = client.screenshot().await.expect("a screenshot");
    let path = Path::new(&folder).join(name);
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The network requests the performance log saw.
async fn requests(client: &Client) -> Vec<String> {
    let mut urls = Vec::new();
    for entry in read_log(client, "performance").await {
        let message: Value =
            serde_json::from_str(entry["message"].as_str().unwrap_or("{}")).unwrap_or_default();
        if message["message"]["method"] == "Network.requestWillBeSent" {
            let url = &message["message"]["params"]["request"]["url"];
            urls.push(url.as_str().unwrap_or_default().to_owned());
        }
    }
    urls
}

/// Checks that the page asked for nothing but itself and wrote nothing to the console since the
/// last check; proves the console log is read by writing to it, and the network log by seeing
/// the page itself load when `loaded`.
async fn check_quiet(client: &Client, page_url: &str, loaded: bool, when: &str) {
    let (pages, others): (Vec<String>, Vec<String>) = requests(client)
        .await
        .into_iter()
        .partition(|url| url == page_url);
    assert!(others.is_empty(), "{when}: requests {others:?}");
    assert_eq!(!pages.is_empty(), loaded, "{when}: the network log is read");
    let resources = js(
        client,
        "return performance.getEntriesByType('resource').length",
    )
    .await;
    assert_eq!(resources, json!(0), "{when}: no resource loaded");
    js(client, "console.error('sourceline-probe')").await;
    let messages: Vec<String> = read_log(client, "browser")
        .await
        .iter()
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
        .collect();
    let (probes, others): (Vec<&String>, Vec<&String>) = messages
        .iter()
        .partition(|message| message.contains("sourceline-probe"));
    assert_eq!(probes.len(), 1, "{when}: the console log is read");
    assert!(others.is_empty(), "{when}: console messages {others:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn the_page_works_in_a_browser() {
    let Some(tools) = browser_tools() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    export_page(None, &page, &[]);
    let hostile = dir.path().join("hostile.html");
    export_page(Some(&hostile_timeline(dir.path())), &hostile, &[]);

    let driver = Driver::start(&tools.chromedriver);
    let client = connect(&tools, &driver).await;
    // A failed check must still end the browser session, so the steps run in their own task.
    let (page_url, hostile_url) = (file_url(&page), file_url(&hostile));
    let steps = tokio::spawn({
        let client = client.clone();
        async move {
            let timeline = builtin_timeline();

            // The page opens, with every event in the list and the tour's period on the timeline.
            set_viewport(&client, 1280, 720, false).await;
            client.goto(&page_url).await.unwrap();
            wait_until(
                &client,
                "window.innerWidth === 1280 && window.innerHeight === 720",
                "a laptop-sized window",
            )
            .await;
            wait_until(
                &client,
                "document.querySelectorAll('#event-list button.list-item').length === 37",
                "the list of events",
            )
            .await;
            assert_eq!(text_of(&client, "h1").await, timeline.title);
            let ticks = text_of(&client, "#axis").await;
            assert!(
                ticks.contains("1990") && !ticks.contains("1980"),
                "opens on 1988–1994: {ticks}"
            );
            check_quiet(&client, &page_url, true, "opening").await;

            // Click Camp David on the timeline: its summary, its verified excerpts and their citation.
            click_timeline_event(&client, "camp-david-meeting", "Bush and Yeltsin meet at Camp David", "Camp David in the detail panel").await;
            let detail = text_of(&client, "#detail").await;
            assert!(detail.contains("1 February 1992"), "{detail}");
            assert!(detail.contains("Verified in source"), "{detail}");
            assert!(
                detail.contains("Pakistan Point News / Sputnik, US Rejected Yeltsin's 1992 Offer"),
                "the citation as the app gives it: {detail}"
            );
            let (_, event) = timeline.event_by_id("camp-david-meeting").unwrap();
            let first_words = &timeline.excerpts(event)[0].text()[..40];
            assert!(detail.contains(first_words), "the excerpt: {detail}");
            let verified = js(
                &client,
                "return [...document.querySelectorAll('#detail .excerpt')].map(x => x.dataset.verified === 'true' && !!x.querySelector('.verified'))",
            )
            .await;
            assert_eq!(verified, json!([true, true, true]));
            assert_eq!(
                js(&client, "return document.activeElement.dataset.eventId").await,
                "camp-david-meeting"
            );
            save_screenshot(&client, "web-page-1280x720.png").await;

            // → goes to the tour's next stop, and the Next button to the one after.
            let stops = timeline.stops();
            let here = stops
                .iter()
                .position(|&i| timeline.events[i].id == "camp-david-meeting")
                .unwrap();
            let title_at = |k: usize| timeline.events[stops[k]].title.clone();
            press(&client, "\u{e014}").await;
            wait_for_heading(&client, &title_at(here + 1), "→ to the next stop").await;
            assert_eq!(
                text_of(&client, "#tour-pos").await,
                format!("Stop {} of {}", here + 2, stops.len())
            );
            client
                .find(Locator::Id("next"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_for_heading(&client, &title_at(here + 2), "Next to the stop after").await;

            // Search finds Vancouver; Enter selects a match.
            let search = client.find(Locator::Id("search")).await.unwrap();
            search.send_keys("Vancouver").await.unwrap();
            wait_until(
                &client,
                "document.querySelector('#match-list button[data-event-id=\"vancouver-summit\"]')",
                "Vancouver among the matches",
            )
            .await;
            let count = text_of(&client, "#match-count").await;
            assert!(count.ends_with("matches"), "{count}");
            search.send_keys("\u{e007}").await.unwrap();
            wait_until(
                &client,
                "/vancouver/i.test(document.getElementById('detail').textContent)",
                "Enter selects a match",
            )
            .await;

            // A period: from 1991 to 1993.
            js(
                &client,
                "const s = document.getElementById('search'); s.value = ''; s.dispatchEvent(new Event('input'));",
            )
            .await;
            client
                .find(Locator::Id("from"))
                .await
                .unwrap()
                .send_keys("1991")
                .await
                .unwrap();
            client
                .find(Locator::Id("to"))
                .await
                .unwrap()
                .send_keys("1993\u{e007}")
                .await
                .unwrap();
            wait_until(
                &client,
                "(t => t.includes('1992') && !t.includes('1989'))(document.getElementById('axis').textContent)",
                "the axis shows 1991 to 1993",
            )
            .await;

            // Escape closes the event.
            client
                .find(Locator::Id("zoom-in"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            press(&client, "\u{e00c}").await;
            wait_for_heading(&client, "Event details", "Escape clears the selection").await;
            check_quiet(
                &client,
                &page_url,
                false,
                "after clicking, stepping, searching and zooming",
            )
            .await;

            // A phone-sized screen: nothing wider than the screen; the event opens in a sheet.
            set_viewport(&client, 390, 844, true).await;
            client.goto(&page_url).await.unwrap();
            wait_until(
                &client,
                "window.innerWidth === 390 && window.innerHeight === 844",
                "a phone-sized window",
            )
            .await;
            wait_until(
                &client,
                "document.querySelectorAll('#event-list button.list-item').length === 37",
                "the list of events on a phone",
            )
            .await;
            let overflow = js(
                &client,
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
            )
            .await;
            assert!(
                overflow.as_f64().unwrap() <= 0.0,
                "sideways scrolling: {overflow}"
            );
            click_timeline_event(&client, "camp-david-meeting", "Bush and Yeltsin meet at Camp David", "Camp David on a phone").await;
            let close = client
                .find(Locator::Css("#detail .detail-close"))
                .await
                .unwrap();
            assert!(
                close.is_displayed().await.unwrap(),
                "the sheet can be closed"
            );
            assert!(
                text_of(&client, "#detail")
                    .await
                    .contains("Verified in source")
            );
            save_screenshot(&client, "web-page-390x844.png").await;
            close.click().await.unwrap();
            wait_for_heading(&client, "Event details", "the sheet closes").await;
            check_quiet(&client, &page_url, true, "on a phone").await;

            // Hostile text is shown as text, and runs nothing.
            set_viewport(&client, 1280, 720, false).await;
            client.goto(&hostile_url).await.unwrap();
            wait_until(
                &client,
                "document.querySelectorAll('#event-list button.list-item').length === 2",
                "the hostile page's events",
            )
            .await;
            assert!(client.get_alert_text().await.is_err(), "no alert ran");
            assert_eq!(js(&client, "return document.scripts.length").await, 2);
            assert_eq!(
                text_of(&client, "h1").await,
                "Tom & Jerry's </script><script>alert(1)</script> <!--"
            );
            client
                .find(Locator::Css("#event-list button[data-event-id=\"e0\"]"))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            wait_for_heading(&client, "</script><script>alert(1)</script>", "the hostile event as text").await;
            let links = js(
                &client,
                "return [...document.querySelectorAll('#detail a')].map(a => a.href)",
            )
            .await;
            assert_eq!(
                links,
                json!(["https://example.org/a_(b)", "https://example.org/?q=%3C/script%3E"]),
                "the summary's web address is a link, its script and data addresses are not"
            );
            assert!(
                text_of(&client, "#detail .summary")
                    .await
                    .ends_with(LINKS_IN_SUMMARY),
                "the summary reads as written"
            );
            check_quiet(&client, &hostile_url, true, "the hostile page").await;
        }
    })
    .await;
    client.close().await.ok();
    drop(driver);
    if let Err(error) = steps {
        std::panic::resume_unwind(error.into_panic());
    }
}
