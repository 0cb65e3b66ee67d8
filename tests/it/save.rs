//! `tidings save` through the built binary, against a web server on 127.0.0.1: files
//! written and named, their front matter, the loader reading them back, the lines
//! printed, exit codes, URLs already saved, and failures that leave no file.

use std::path::{Path, PathBuf};
use std::process::Output;

use tidings::loader::read_file;

use crate::cli::tidings;
use crate::web::{Answer, Server};

pub const ARTICLE: &str = r#"<!doctype html>
<html><head>
<meta charset="utf-8">
<title>Harbour Lights Return | The Example Times</title>
<meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2024-02-29T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Harbour Lights Return</h1>
<p class="byline">By Ann Writer</p>
<p>The harbour lights came back on last night after a winter of repairs, and the
whole town walked down to the water to see them.</p>
<p>Engineers said the new lamps use a tenth of the power, and that the
<a href="/reports/lamps">full report</a> would be published next week.</p>
<p>Fishermen, who had complained all winter, said the quay felt like home again.</p>
</article>
<footer>Copyright The Example Times</footer>
</body></html>"#;

/// A Latin-1 page: `café` is the byte 0xE9 after `caf`.
fn latin1_page() -> Vec<u8> {
    let text = "<html><head><title>Un caf\u{e9} au port</title></head><body><article>\
        <h1>Un caf\u{e9} au port</h1>\
        <p>Le caf\u{e9} du port a rouvert ce matin, et les habitu\u{e9}s sont revenus \
        avant m\u{ea}me que le soleil se l\u{e8}ve sur la jet\u{e9}e.</p>\
        <p>Le patron dit que rien n'a chang\u{e9}, sauf le prix du caf\u{e9}.</p>\
        </article></body></html>";
    text.chars().map(|c| c as u32 as u8).collect()
}

fn server() -> Server {
    Server::start(vec![
        (
            "/article",
            Answer::html("text/html; charset=utf-8", ARTICLE),
        ),
        (
            "/old",
            Answer::Plain {
                status: "301 Moved Permanently",
                headers: vec![("Location", "/article".into())],
                body: Vec::new(),
            },
        ),
        ("/slow", Answer::Never),
        ("/huge", Answer::Endless { size: 1 << 20 }),
        (
            "/latin1",
            Answer::html("text/html; charset=iso-8859-1", latin1_page()),
        ),
        (
            "/paper.pdf",
            Answer::html("application/pdf", b"%PDF-1.4\n".to_vec()),
        ),
    ])
}

/// A config folder whose config.toml makes fetches short and small.
pub fn config() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "save_timeout = 1\nsave_max_bytes = 16384\n",
    )
    .unwrap();
    dir
}

pub fn save(config: &Path, to: &Path, urls: &[String]) -> Output {
    let mut args = vec!["save".to_string()];
    args.extend(urls.iter().cloned());
    args.extend(["--to".to_string(), to.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    tidings(config, &args)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The names of the files in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub const SAVED_NAME: &str = "2024-02-29-harbour-lights-return.md";

#[test]
fn a_page_is_saved_as_markdown_that_reads_back_as_the_article() {
    let web = server();
    let (config, to) = (config(), tempfile::tempdir().unwrap());
    let url = web.url("/article");
    let out = save(config.path(), to.path(), std::slice::from_ref(&url));
    let path = to.path().join(SAVED_NAME);
    assert_eq!(
        stdout(&out),
        format!(
            "saved {url} → {}\n1 saved, 0 already saved, 0 failed\n",
            path.display()
        )
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(names(to.path()), [SAVED_NAME]);

    let text = std::fs::read_to_string(&path).unwrap();
    let front: Vec<&str> = text.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(front[0], "---");
    assert!(
        front.contains(&"title: \"Harbour Lights Return\""),
        "{text}"
    );
    assert!(front.contains(&"author: \"Ann Writer\""), "{text}");
    assert!(front.contains(&"date: 2024-02-29"), "{text}");
    assert!(
        front.contains(&format!("source: \"{url}\"").as_str()),
        "{text}"
    );
    assert!(front.contains(&"tags: []"), "{text}");
    let saved = front
        .iter()
        .find_map(|l| l.strip_prefix("saved: "))
        .unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(saved.trim_matches('"')).is_ok(),
        "{saved}"
    );
    assert!(
        text.contains(&format!("[full report]({})", web.url("/reports/lamps"))),
        "{text}"
    );

    // The loader reads it back as the page's article.
    let read = read_file(&path, 1 << 20);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let article = &read.articles[0];
    let page = tidings::save::extract(&tidings::save::Page {
        url: url.clone(),
        html: ARTICLE.into(),
        encoding: "UTF-8",
    });
    assert_eq!(article.title, "Harbour Lights Return");
    assert_eq!(article.author.as_deref(), Some("Ann Writer"));
    assert_eq!(article.date, chrono::NaiveDate::from_ymd_opt(2024, 2, 29));
    assert_eq!(article.source.as_deref(), Some(url.as_str()));
    assert_eq!(*article.body, page.body);
    assert_eq!(article.body.len(), 3, "{:?}", article.body);
    assert_eq!(*article.links, page.links);
}

#[test]
fn a_url_already_saved_is_skipped_before_or_after_its_redirect() {
    let web = server();
    let (config, to) = (config(), tempfile::tempdir().unwrap());
    let old = web.url("/old");
    let first = save(config.path(), to.path(), std::slice::from_ref(&old));
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    let path = to.path().join(SAVED_NAME);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(&format!("source: \"{}\"", web.url("/article"))),
        "the source is where the redirect led: {text}"
    );

    let again = save(
        config.path(),
        to.path(),
        &[web.url("/article"), old.clone()],
    );
    assert_eq!(
        stdout(&again),
        format!(
            "already saved: {} ({p})\nalready saved: {old} ({p})\n0 saved, 2 already saved, 0 failed\n",
            web.url("/article"),
            p = path.display()
        )
    );
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(names(to.path()), [SAVED_NAME]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn failed_fetches_say_why_and_leave_no_file() {
    let web = server();
    let (config, to) = (config(), tempfile::tempdir().unwrap());
    let urls: Vec<String> = ["/missing", "/slow", "/huge", "/paper.pdf"]
        .iter()
        .map(|p| web.url(p))
        .collect();
    let out = save(config.path(), to.path(), &urls);
    assert_eq!(
        stdout(&out),
        format!(
            "failed: {}: 404 Not Found\n\
             failed: {}: timed out after 1 s\n\
             failed: {}: larger than 16 KiB\n\
             failed: {}: not a web page (application/pdf)\n\
             0 saved, 0 already saved, 4 failed:\n  \
             {}: 404 Not Found\n  \
             {}: timed out after 1 s\n  \
             {}: larger than 16 KiB\n  \
             {}: not a web page (application/pdf)\n",
            urls[0], urls[1], urls[2], urls[3], urls[0], urls[1], urls[2], urls[3]
        )
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(names(to.path()).is_empty(), "{:?}", names(to.path()));
}

#[test]
fn one_failure_among_saved_pages_makes_exit_code_1() {
    let web = server();
    let (config, to) = (config(), tempfile::tempdir().unwrap());
    let out = save(
        config.path(),
        to.path(),
        &[
            web.url("/article"),
            web.url("/missing"),
            "ftp://example.com/x".into(),
        ],
    );
    let text = stdout(&out);
    let missing = web.url("/missing");
    assert!(text.starts_with("saved "), "{text}");
    assert!(
        text.ends_with(&format!(
            "failed: ftp://example.com/x: only http and https URLs can be fetched, not ftp:\n\
             1 saved, 0 already saved, 2 failed:\n  \
             {missing}: 404 Not Found\n  \
             ftp://example.com/x: only http and https URLs can be fetched, not ftp:\n"
        )),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(names(to.path()), [SAVED_NAME]);
}

#[test]
fn a_latin1_page_is_decoded_by_its_charset() {
    let web = server();
    let (config, to) = (config(), tempfile::tempdir().unwrap());
    let out = save(config.path(), to.path(), &[web.url("/latin1")]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let today = chrono::Local::now().date_naive();
    let name = format!("{today}-un-cafe-au-port.md");
    assert_eq!(names(to.path()), std::slice::from_ref(&name));
    let read = read_file(&to.path().join(&name), 1 << 20);
    let article = &read.articles[0];
    assert_eq!(article.title, "Un café au port");
    assert!(
        article.body[0].plain_text().starts_with("Le café du port"),
        "{:?}",
        article.body
    );
}

#[test]
fn a_file_of_the_same_name_is_never_overwritten() {
    let web = server();
    let (config, to) = (config(), tempfile::tempdir().unwrap());
    let mine = to.path().join(SAVED_NAME);
    std::fs::write(&mine, "# My own notes\n\nNot from the web.\n").unwrap();
    let out = save(config.path(), to.path(), &[web.url("/article")]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let second = "2024-02-29-harbour-lights-return-2.md";
    assert!(stdout(&out).contains(second), "{}", stdout(&out));
    assert_eq!(names(to.path()), [second, SAVED_NAME]);
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap(),
        "# My own notes\n\nNot from the web.\n"
    );
}

#[test]
fn the_folder_comes_from_the_config_or_the_error_says_how_to_choose_one() {
    let web = server();
    let config = config();
    let out = tidings(config.path(), &["save", &web.url("/article")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tidings: no folder to save pages in: pass --to DIR, or set save_dir (or library) in config.toml\n"
    );

    let saved: PathBuf = config.path().join("saved");
    std::fs::write(
        config.path().join("config.toml"),
        format!("save_dir = \"{}\"\n", saved.display()),
    )
    .unwrap();
    let out = tidings(config.path(), &["save", &web.url("/article")]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(names(&saved), [SAVED_NAME]);
}

// ---------------------------------------------------------------------------
// Saving from the reader: `A` and `f`.

mod reader {
    use tidings::action::Action;
    use tidings::app::{App, Effect, Focus, Msg, PageSaved, SavedFile};
    use tidings::article::{Article, ArticleId, Block, Draft};
    use tidings::config::Config;
    use tidings::state::State;

    use crate::app::Driver;

    fn driver(articles: Vec<Article>) -> Driver {
        let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
        app.update(Action::Resize(100, 30));
        let n = articles.len();
        app.add_articles(articles, n);
        app
    }

    fn article(id: u64, title: &str, link_only: bool) -> Article {
        let draft = Draft {
            title: title.into(),
            source: Some(format!("https://news.example/{id}")),
            body: vec![Block::Paragraph("Text.".into())],
            link_only,
            ..Draft::default()
        };
        Article::new(ArticleId(id), format!("{id}.md").into(), draft)
    }

    #[test]
    fn big_a_asks_for_a_url_and_the_saved_page_comes_in_selected() {
        let mut app = driver(vec![article(1, "Already here", false)]);
        app.update(Action::SavePage);
        assert_eq!(app.focus, Focus::Url);
        for c in "https://news.example/new".chars() {
            app.update(Action::InputChar(c));
        }
        let effects = app.update(Action::InputSubmit);
        assert_eq!(
            effects,
            [Effect::SavePage("https://news.example/new".into())]
        );
        assert_eq!(app.saving, 1);
        assert_eq!(app.focus, Focus::List);

        let saved = article(2, "A page saved from the web", false);
        let path = saved.path.clone();
        app.update(Msg::PageSaved(Box::new(PageSaved {
            url: "https://news.example/new".into(),
            result: Ok(SavedFile {
                path: path.clone(),
                already: false,
                segments: tidings::library::segments(std::slice::from_ref(&saved)),
                articles: vec![saved],
            }),
        })));
        assert_eq!(app.saving, 0);
        assert_eq!(
            app.selected_id(),
            Some(ArticleId(2)),
            "selected when it is in"
        );
        assert_eq!(app.library.len(), 2);
        assert_eq!(
            app.message.as_ref().unwrap().text,
            format!("Saved → {}", path.display())
        );
    }

    #[test]
    fn f_fetches_a_saved_link_and_says_so_for_anything_else() {
        let mut app = driver(vec![
            article(1, "Full text", false),
            article(2, "A link", true),
        ]);
        let row = |app: &Driver, id| {
            app.shown
                .iter()
                .position(|&d| app.library.get(d).unwrap().id == ArticleId(id))
                .unwrap()
        };
        let link = row(&app, 2);
        app.update(Action::SelectRow(link));
        assert_eq!(
            app.update(Action::FetchArticle),
            [Effect::SavePage("https://news.example/2".into())]
        );
        let full = row(&app, 1);
        app.update(Action::SelectRow(full));
        assert!(app.update(Action::FetchArticle).is_empty());
        assert!(
            app.message
                .as_ref()
                .unwrap()
                .text
                .contains("f fetches saved links")
        );
        // A failure says why, and nothing is left saving.
        app.update(Msg::PageSaved(Box::new(PageSaved {
            url: "https://news.example/2".into(),
            result: Err("404 Not Found".into()),
        })));
        assert_eq!(app.saving, 0);
        let message = app.message.clone().unwrap();
        assert!(message.error);
        assert_eq!(
            message.text,
            "Could not save https://news.example/2: 404 Not Found"
        );
    }
}

#[test]
fn big_a_in_a_terminal_saves_a_page_from_the_local_server_into_the_library() {
    let web = server();
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(lib.join("old.md"), "# An older story\n\nText.\n").unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    let mut pty = crate::pty::Pty::spawn(&config, &["--no-watch", lib.to_str().unwrap()], 100, 30);
    pty.wait_for("1/1 articles");
    pty.send("A");
    pty.wait_for("save URL:");
    pty.send(&format!("{}\r", web.url("/article")));
    // The message first, then the list with the page in it (the search is its own
    // thread's).
    pty.wait_for("Saved →");
    let screen = pty.wait_for("2/2 articles");
    assert!(screen.contains("Harbour Lights Return"), "{screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    let names: Vec<String> = std::fs::read_dir(&lib)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n == "2024-02-29-harbour-lights-return.md"),
        "{names:?}"
    );
}

#[test]
fn f_in_a_terminal_fetches_a_saved_link_and_its_page_takes_the_links_place() {
    let web = server();
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    // An Instapaper export holding one link, to the local server's article.
    std::fs::write(
        lib.join("instapaper.csv"),
        format!(
            "URL,Title,Selection,Folder,Timestamp\n{},Harbour lights (to read),,Unread,1709198400\n",
            web.url("/article")
        ),
    )
    .unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    let mut pty = crate::pty::Pty::spawn(&config, &["--no-watch", lib.to_str().unwrap()], 100, 30);
    let screen = pty.wait_for("1/1 articles");
    assert!(screen.contains("↗"), "marked as not fetched\n{screen}");
    pty.send("f");
    pty.wait_for("Saved →");
    // Two articles in the library, one in the list: the page in the link's place.
    // The count says 1/2 as soon as the page is in the library, a frame before the
    // list is searched again, so the wait is for the list that holds the page.
    let screen = pty.wait_until("the page listed in the link's place", |s| {
        s.contains("1/2") && s.contains("Harbour Lights Return")
    });
    assert!(!screen.contains("Harbour lights (to read)"), "{screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);

    // The command line lists the page too, not the link.
    let out = tidings(&config, &["list", lib.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Harbour Lights Return"), "{text}");
    assert!(!text.contains("(to read)"), "{text}");
}
