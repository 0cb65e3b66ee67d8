//! Tags from the files, through the built binary: `list --json` and `show` print
//! them, `#name` filters by them, and `tidings tags` counts them.

use std::path::Path;
use std::process::Output;

use super::cli::{json_lines, tidings};

/// A library of four Markdown files (one untagged) and a feed with categories, in
/// `dir/lib`.
fn library(dir: &Path) -> std::path::PathBuf {
    let lib = dir.join("lib");
    std::fs::create_dir(&lib).unwrap();
    let files = [
        (
            "a.md",
            "---\ntitle: Borrowing in Rust\nauthor: Ann Author\ndate: 2024-03-01\n\
             tags: [Rust, programming]\n---\n\nThe borrow checker.\n",
        ),
        (
            "b.md",
            "---\ntitle: Goroutines\ndate: 2024-02-01\ntags: Go, programming\n---\n\n\
             Channels.\n",
        ),
        (
            "c.md",
            "---\ntitle: Untagged notes\nauthor: Ann Author\ndate: 2024-01-01\n---\n\n\
             Notes on rust, C# and issue#12.\n",
        ),
        (
            "e.md",
            "---\ntitle: Rust at work\ndate: 2024-02-20\ntags:\n  - rust\n---\n\nA team.\n",
        ),
        (
            "feed.xml",
            r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Weekly</title><link>https://weekly.example/</link>
<item><title>Rust 2024 edition</title><link>https://weekly.example/rust</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<category>rust</category><category>News</category>
<description>The edition ships.</description></item>
<item><title>Weekly digest</title><link>https://weekly.example/digest</link>
<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate>
<category>news</category><category>algorithms</category>
<description>Sorting, again.</description></item>
</channel></rss>
"#,
        ),
    ];
    for (name, text) in files {
        std::fs::write(lib.join(name), text).unwrap();
    }
    lib
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs the binary with a fresh config folder on the library, and returns the
/// output.
fn run(dir: &Path, args: &[&str]) -> Output {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    let lib = dir.join("lib");
    let mut all: Vec<&str> = args.to_vec();
    all.push(lib.to_str().unwrap());
    tidings(&config, &all)
}

/// The titles `list --query q` prints, in order, and the exit code.
fn titles(dir: &Path, q: &str) -> (Vec<String>, Option<i32>) {
    let query = format!("--query={q}");
    let out = run(dir, &["list", "--json", &query]);
    let titles = json_lines(&out)
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    (titles, out.status.code())
}

#[test]
fn list_json_has_the_tags_of_every_article_and_an_empty_list_when_none() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let out = run(dir.path(), &["list", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let tags: Vec<(String, String)> = json_lines(&out)
        .iter()
        .map(|r| {
            (
                r["title"].as_str().unwrap().to_string(),
                r["tags"].to_string(),
            )
        })
        .collect();
    let expected = [
        ("Rust 2024 edition", r#"["rust","News"]"#),
        ("Weekly digest", r#"["news","algorithms"]"#),
        ("Borrowing in Rust", r#"["Rust","programming"]"#),
        ("Rust at work", r#"["rust"]"#),
        ("Goroutines", r#"["Go","programming"]"#),
        ("Untagged notes", "[]"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(t, j)| (t.to_string(), j.to_string()))
        .collect();
    assert_eq!(tags, expected);
}

#[test]
fn a_hash_filters_by_tag_and_not_by_the_words_of_the_text() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let t = |q| titles(dir.path(), q);
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        t("#rust"),
        (
            owned(&["Rust 2024 edition", "Borrowing in Rust", "Rust at work"]),
            Some(0)
        ),
        "the untagged article that says rust is not among them"
    );
    assert_eq!(t("#rust"), t("tag:rust"));
    assert_eq!(
        t("-#rust"),
        (
            owned(&["Weekly digest", "Goroutines", "Untagged notes"]),
            Some(0)
        )
    );
    assert_eq!(
        t("#go | #news"),
        (
            owned(&["Rust 2024 edition", "Weekly digest", "Goroutines"]),
            Some(0)
        )
    );
    assert_eq!(t("#nosuchtag "), (vec![], Some(1)));
}

#[test]
fn a_hash_inside_a_word_or_before_a_digit_is_searched_as_text() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let untagged = (vec!["Untagged notes".to_string()], Some(0));
    assert_eq!(titles(dir.path(), "C# "), untagged);
    assert_eq!(titles(dir.path(), "issue#12 "), untagged);
    assert_eq!(titles(dir.path(), "#12 "), untagged);
}

#[test]
fn show_prints_the_tags_under_the_byline() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let config = dir.path().join("config");
    let show = |file: &str| {
        let out = tidings(&config, &["show", lib.join(file).to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0));
        stdout(&out)
    };
    let tagged = show("a.md");
    let lines: Vec<&str> = tagged.lines().collect();
    let byline = lines.iter().position(|l| l.starts_with("By Ann Author"));
    let tags = byline.and_then(|i| lines.get(i + 1));
    assert_eq!(tags, Some(&"Tags: Rust · programming"), "{tagged}");
    let untagged = show("c.md");
    assert!(untagged.contains("By Ann Author"), "{untagged}");
    assert!(!untagged.contains("Tags:"), "{untagged}");
}

#[test]
fn tags_counts_articles_per_tag_most_used_first_then_a_to_z() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let out = run(dir.path(), &["tags"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "3  rust\n2  News\n2  programming\n1  algorithms\n1  Go\n",
        "spellings counted together under the most common; ties A to Z ignoring case"
    );
    let out = run(dir.path(), &["tags", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        concat!(
            "{\"tag\":\"rust\",\"count\":3}\n",
            "{\"tag\":\"News\",\"count\":2}\n",
            "{\"tag\":\"programming\",\"count\":2}\n",
            "{\"tag\":\"algorithms\",\"count\":1}\n",
            "{\"tag\":\"Go\",\"count\":1}\n",
        )
    );
}

#[test]
fn tags_reads_the_library_of_the_config_like_list() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    let toml = format!("library = [{:?}]\n", lib.join("b.md").to_str().unwrap());
    std::fs::write(config.join("config.toml"), toml).unwrap();
    let out = tidings(&config, &["tags"]);
    assert_eq!(stdout(&out), "1  Go\n1  programming\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn tags_exits_1_with_no_output_when_no_article_has_a_tag() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library(dir.path());
    let config = dir.path().join("config");
    let out = tidings(&config, &["tags", lib.join("c.md").to_str().unwrap()]);
    assert_eq!((stdout(&out).as_str(), out.status.code()), ("", Some(1)));
    let out = tidings(
        &config,
        &["tags", dir.path().join("nope").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("tidings: cannot read "),
        "{out:?}"
    );
}

#[test]
fn tags_given_in_the_reader_are_listed_counted_shown_and_found_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let id_of = |title: &str| {
        let out = run(dir.path(), &["list", "--json"]);
        json_lines(&out)
            .iter()
            .find(|r| r["title"] == title)
            .map(|r| r["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    let (untagged, goroutines) = (id_of("Untagged notes"), id_of("Goroutines"));
    std::fs::write(
        dir.path().join("config/state.toml"),
        format!(
            "version = 2\n[tags.{untagged}]\nlater = 2026-11-23T05:30:00Z\n\
             [tags.{goroutines}]\nlater = 2026-11-23T05:30:00Z\ngo = 2026-11-23T05:30:00Z\n"
        ),
    )
    .unwrap();
    let out = run(dir.path(), &["list", "--json", "--query", "#later"]);
    let records = json_lines(&out);
    let tags: Vec<String> = records.iter().map(|r| r["tags"].to_string()).collect();
    assert_eq!(
        tags,
        [r#"["Go","programming","later"]"#, r#"["later"]"#],
        "the file's tags, then the reader's not already there (go is Go)"
    );
    let counts = stdout(&run(dir.path(), &["tags"]));
    assert!(
        counts.starts_with("3  rust\n2  later\n2  News\n2  programming\n1  algorithms\n1  Go\n"),
        "{counts}"
    );
    let shown = stdout(&run(dir.path(), &["show", &untagged]));
    assert!(shown.contains("\nTags: later\n"), "{shown}");
}

// ---------------------------------------------------------------------------
// Tags given in the reader: `t`, `T`, Tab, `U`, the filter and views.

mod reader {
    use tidings::action::Action;
    use tidings::app::{App, Effect, Focus};
    use tidings::article::{Article, ArticleId, Block, Draft};
    use tidings::config::{Config, View};
    use tidings::layout::wrap::LineKind;
    use tidings::state::State;

    use crate::app::Driver;

    fn tagged(n: u64, title: &str, tags: &[&str]) -> Article {
        let draft = Draft {
            title: title.into(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 1, n as u32 + 1),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            body: vec![Block::Paragraph(format!("Body of {title}."))],
            ..Draft::default()
        };
        Article::new(ArticleId(n), format!("{n}.md").into(), draft)
    }

    /// Four articles, newest first on screen: "Four" (tagged politics by its file),
    /// "Three", "Two" (politics), "One".
    fn driver(config: &Config) -> Driver {
        let mut app = Driver::new(App::new(config, State::default(), false));
        app.update(Action::Resize(100, 30));
        app.add_articles(
            vec![
                tagged(0, "One", &[]),
                tagged(1, "Two", &["politics"]),
                tagged(2, "Three", &[]),
                tagged(3, "Four", &["politics", "Policy"]),
            ],
            4,
        );
        app
    }

    fn typed(app: &mut Driver, text: &str) -> Vec<Effect> {
        for c in text.chars() {
            app.update(Action::InputChar(c));
        }
        app.update(Action::InputSubmit)
    }

    fn titles(app: &Driver) -> Vec<String> {
        app.shown
            .iter()
            .map(|&i| app.library.get(i).unwrap().title.clone())
            .collect()
    }

    fn tags_line(app: &Driver) -> Option<String> {
        app.reader
            .lines
            .iter()
            .find(|l| l.kind == LineKind::Meta && l.text.starts_with("Tags: "))
            .map(|l| l.text.clone())
    }

    #[test]
    fn t_gives_and_takes_off_tags_which_the_reader_shows_and_the_filter_finds() {
        let mut app = driver(&Config::default());
        app.update(Action::MoveDown); // "Three"
        app.update(Action::EditTags);
        assert_eq!(app.focus, Focus::Tags);
        let effects = typed(&mut app, "later #Rust");
        assert!(effects.contains(&Effect::SaveState), "{effects:?}");
        assert_eq!(app.focus, Focus::List);
        let id = ArticleId(2);
        assert_eq!(
            app.state.user_tags(id).collect::<Vec<_>>(),
            ["Rust", "later"]
        );
        assert_eq!(app.message.as_ref().unwrap().text, "Tagged +later +Rust");
        assert_eq!(tags_line(&app).as_deref(), Some("Tags: Rust · later"));

        app.update(Action::FocusFilter);
        for c in "#later".chars() {
            app.update(Action::InputChar(c));
        }
        assert_eq!(titles(&app), ["Three"]);
        app.update(Action::InputCancel);

        app.update(Action::EditTags);
        typed(&mut app, "-later");
        assert_eq!(app.state.user_tags(id).collect::<Vec<_>>(), ["Rust"]);
        assert_eq!(tags_line(&app).as_deref(), Some("Tags: Rust"));
    }

    #[test]
    fn a_files_own_tag_is_not_taken_off_and_a_bad_tag_changes_nothing() {
        let mut app = driver(&Config::default());
        assert_eq!(titles(&app)[0], "Four");
        app.update(Action::EditTags);
        assert!(typed(&mut app, "-politics").is_empty());
        let message = app.message.clone().unwrap();
        assert!(
            message.error && message.text.contains("a tag the file gives stays"),
            "{message:?}"
        );
        assert_eq!(tags_line(&app).as_deref(), Some("Tags: politics · Policy"));

        app.update(Action::EditTags);
        assert!(typed(&mut app, "ok a,b").is_empty());
        assert!(
            app.message
                .as_ref()
                .unwrap()
                .text
                .starts_with("Not a tag: a,b")
        );
        assert_eq!(
            app.state.user_tags(ArticleId(3)).count(),
            0,
            "nothing given"
        );
    }

    #[test]
    fn tab_completes_from_the_tags_in_use_most_used_first_and_steps_on() {
        let mut app = driver(&Config::default());
        app.update(Action::EditTags);
        for c in "x po".chars() {
            app.update(Action::InputChar(c));
        }
        app.update(Action::InputComplete);
        assert_eq!(app.tag_input.as_str(), "x politics", "two articles have it");
        app.update(Action::InputComplete);
        assert_eq!(app.tag_input.as_str(), "x Policy");
        app.update(Action::InputComplete);
        assert_eq!(app.tag_input.as_str(), "x politics", "round again");
        app.update(Action::InputCancel);
        assert_eq!(app.focus, Focus::List);
        assert_eq!(app.state.user_tags(ArticleId(3)).count(), 0);
    }

    #[test]
    fn big_t_tags_everything_shown_and_u_takes_it_back() {
        let mut app = driver(&Config::default());
        app.update(Action::FocusFilter);
        for c in "-tag:politics".chars() {
            app.update(Action::InputChar(c));
        }
        app.update(Action::InputSubmit);
        assert_eq!(titles(&app), ["Three", "One"]);
        app.update(Action::TagShown);
        assert!(app.tag_all);
        typed(&mut app, "later");
        assert_eq!(
            app.message.as_ref().unwrap().text,
            "Tagged 2 articles +later · U undoes"
        );
        for id in [ArticleId(0), ArticleId(2)] {
            assert_eq!(app.state.user_tags(id).collect::<Vec<_>>(), ["later"]);
        }
        assert_eq!(
            app.state.user_tags(ArticleId(1)).count(),
            0,
            "not shown, not tagged"
        );
        let effects = app.update(Action::Undo);
        assert!(effects.contains(&Effect::SaveState));
        assert_eq!(app.state.user_tags(ArticleId(0)).count(), 0);
        assert_eq!(app.state.user_tags(ArticleId(2)).count(), 0);
    }

    #[test]
    fn a_view_of_a_tag_is_a_reading_list() {
        let config = Config {
            views: vec![View {
                name: "Later".into(),
                query: "tag:later".into(),
            }],
            ..Config::default()
        };
        let mut app = driver(&config);
        app.update(Action::ShowView(2));
        assert!(titles(&app).is_empty());
        app.update(Action::ShowView(1));
        app.update(Action::MoveDown);
        app.update(Action::MoveDown);
        app.update(Action::EditTags);
        typed(&mut app, "later");
        app.update(Action::ShowView(2));
        assert_eq!(titles(&app), ["Two"]);
    }
}
