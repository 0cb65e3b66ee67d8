//! The library cache through the real loader and runner: a second start shows the same
//! library from the cache, files changed, added or removed since are read anew (and
//! said so), a damaged cache is read around and replaced, problems and duplicates
//! come back, and the command line's load agrees with a load without the cache.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tidings::app::App;
use tidings::config::Config;
use tidings::library::{CacheUse, LoadOptions, Source, load_library};
use tidings::state::State;

use crate::screen::{Run, key_events, run_loading, text};

struct Library {
    _dir: tempfile::TempDir,
    root: PathBuf,
    cache: PathBuf,
}

impl Library {
    fn new(files: &[(&str, &str)]) -> Library {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("news");
        std::fs::create_dir(&root).unwrap();
        for (name, text) in files {
            std::fs::write(root.join(name), text).unwrap();
        }
        let cache = dir.path().join("cache");
        Library {
            root,
            cache,
            _dir: dir,
        }
    }

    fn options(&self) -> LoadOptions {
        LoadOptions {
            cache_dir: Some(self.cache.clone()),
            // The files were written a moment ago: trust their stamps all the same.
            cache_margin: Duration::ZERO,
            ..LoadOptions::default()
        }
    }

    fn sources(&self) -> Vec<Source> {
        vec![Source::Path(self.root.clone())]
    }

    /// Opens the reader on the library, types `keys`, and quits.
    fn open(&self, keys: &str) -> Run {
        let app = App::new(&Config::default(), State::default(), false);
        let sources = self.sources();
        run_loading(app, &sources, &self.options(), 100, 20, key_events(keys))
    }

    /// The library's cache, as a load with `options` names it.
    fn cache(&self) -> tidings::cache::Cache {
        let options = self.options();
        tidings::cache::Cache::new(
            &self.cache,
            std::slice::from_ref(&self.root),
            options.max_file_size,
            options.follow_outside_links,
        )
    }

    fn cache_files(&self) -> Vec<PathBuf> {
        std::fs::read_dir(&self.cache)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.root.join(name), text).unwrap();
    }
}

fn screen(run: &Run) -> String {
    text(run.terminal.backend().buffer())
}

const FILES: &[(&str, &str)] = &[
    (
        "ferry.md",
        "# Harbour ferries run again\n\nThe ferry left at dawn with forty passengers.\n",
    ),
    (
        "bridge.md",
        "# Old bridge closes for repairs\n\nThe council closed the bridge on Monday.\n",
    ),
    (
        "market.md",
        "# Night market opens\n\nStalls of lanterns and noodles lined the square.\n",
    ),
];

/// The article of `bridge.md` as `run` loaded it, and a state with it bookmarked.
fn old_bridge_bookmarked(run: &Run) -> (tidings::article::ArticleId, State) {
    let old = run
        .app
        .library
        .articles()
        .iter()
        .find(|a| a.title.starts_with("Old bridge closes"))
        .map(|a| a.id)
        .unwrap();
    let mut state = State::default();
    state.toggle_bookmark(old, "Old bridge closes for repairs", chrono::Utc::now());
    (old, state)
}

fn used(fresh: usize, read: usize, gone: usize) -> CacheUse {
    CacheUse::Used { fresh, read, gone }
}

#[test]
fn the_second_start_shows_the_same_library_from_the_cache() {
    let library = Library::new(FILES);
    let first = library.open("");
    assert_eq!(first.cache, CacheUse::Unused("no cache yet".into()));
    assert_eq!(
        library.cache_files().len(),
        1,
        "the first start writes the cache"
    );

    // Taking the cache whole marks it as in use (so it is never swept as forgotten).
    let file = library.cache_files().remove(0);
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(90 * 24 * 3600);
    let handle = std::fs::File::options().write(true).open(&file).unwrap();
    handle.set_modified(long_ago).unwrap();
    let second = library.open("");
    assert_eq!(second.cache, used(3, 0, 0));
    let used_at = std::fs::metadata(&file).unwrap().modified().unwrap();
    assert!(used_at > long_ago + Duration::from_secs(3600));
    assert_eq!(screen(&second), screen(&first));
    for title in [
        "Harbour ferries run again",
        "Old bridge closes",
        "Night market opens",
    ] {
        assert!(screen(&second).contains(title), "{title}");
    }
    // The index came with it: the filter finds words of the bodies.
    let searched = library.open("/ type:lanterns enter");
    assert_eq!(searched.cache, used(3, 0, 0));
    let shown = screen(&searched);
    assert!(shown.contains("Night market opens"), "{shown}");
    assert!(!shown.contains("Harbour ferries"), "{shown}");
}

#[test]
fn files_changed_added_or_removed_since_are_read_anew_and_said_so() {
    let library = Library::new(FILES);
    // Past half the files changed, a start reads them all; these stay as they are.
    library.write(
        "weather.md",
        "# Storm warning lifted\n\nThe wind dropped.\n",
    );
    library.write("school.md", "# School garden wins prize\n\nPumpkins.\n");
    library.write("choir.md", "# Choir tours the islands\n\nSongs.\n");
    library.write("ferry2.md", "# Second ferry ordered\n\nA twin hull.\n");
    library.write("museum.md", "# Museum reopens its doors\n\nPaintings.\n");
    library.open("");
    library.write(
        "bridge.md",
        "# Old bridge reopens early\n\nEngineers finished the girders ahead of time.\n",
    );
    std::fs::remove_file(library.root.join("market.md")).unwrap();
    library.write(
        "tram.md",
        "# Tram line extended\n\nThe new stop serves the hospital.\n",
    );

    let run = library.open("");
    assert_eq!(run.cache, used(6, 2, 1));
    let shown = screen(&run);
    assert!(shown.contains("1 added, 1 changed, 1 removed"), "{shown}");
    for title in [
        "Harbour ferries",
        "Old bridge reopens early",
        "Tram line extended",
    ] {
        assert!(shown.contains(title), "{title} in\n{shown}");
    }
    for title in ["Old bridge closes", "Night market"] {
        assert!(!shown.contains(title), "{title} in\n{shown}");
    }
    assert_eq!(run.app.library.len(), 8);

    // The index follows: the new words are found, the old ones are not.
    let found = screen(&library.open("/ type:girders enter"));
    assert!(found.contains("Old bridge reopens early"), "{found}");
    let gone = library.open("/ type:lanterns enter");
    assert_eq!(gone.app.shown.len(), 0, "{}", screen(&gone));

    // That start wrote the cache again: the next takes everything from it.
    let next = library.open("");
    assert_eq!(next.cache, used(8, 0, 0));
    let list = |s: String| {
        s.lines()
            .skip(2)
            .take(5)
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(list(screen(&next)), list(screen(&run)));
}

#[test]
fn a_start_whose_files_read_anew_changed_nothing_leaves_the_cache_as_it_is() {
    let library = Library::new(FILES);
    // Skipped, so not listed in the cache: read anew at every start.
    std::fs::write(library.root.join("photo.txt"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    library.open("");
    let file = library.cache_files().remove(0);
    let before = std::fs::read(&file).unwrap();
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(90 * 24 * 3600);
    let handle = std::fs::File::options().write(true).open(&file).unwrap();
    handle.set_modified(long_ago).unwrap();
    let again = library.open("");
    assert_eq!(again.cache, used(FILES.len(), 1, 0));
    assert_eq!(std::fs::read(&file).unwrap(), before, "not written again");
    let used_at = std::fs::metadata(&file).unwrap().modified().unwrap();
    assert!(
        used_at > long_ago + Duration::from_secs(3600),
        "marked as in use"
    );
    // An edit: written again.
    library.write(
        "bridge.md",
        "# Old bridge reopens early\n\nEngineers finished the girders ahead of time.\n",
    );
    let edited = library.open("");
    assert_eq!(edited.cache, used(FILES.len() - 1, 2, 0));
    assert_ne!(std::fs::read(&file).unwrap(), before);
    assert_eq!(library.open("").cache, used(FILES.len(), 1, 0));
}

#[test]
fn a_damaged_cache_is_read_around_and_replaced() {
    let library = Library::new(FILES);
    library.open("");
    let file = library.cache_files().remove(0);
    let good = std::fs::read(&file).unwrap();
    // A title in the articles' heads (the first place it is written), then in the
    // front page (the last).
    let title = b"Old bridge closes";
    let places: Vec<usize> = (0..good.len() - title.len())
        .filter(|&at| &good[at..at + title.len()] == title)
        .collect();
    assert_eq!(places.len(), 2, "in the heads and on the front page");
    let damage = |at: usize| {
        let mut bytes = good.clone();
        bytes[at] ^= 0x20;
        std::fs::write(&file, &bytes).unwrap();
    };

    damage(places[0]);
    let run = library.open("");
    match &run.cache {
        CacheUse::Unused(why) => assert!(why.contains("damaged"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(run.app.library.len(), 3);
    assert_eq!(library.open("").cache, used(3, 0, 0));

    // The front page damaged: not shown, the rest of the cache used, and the cache
    // written again whole.
    damage(places[1]);
    let cache = library.cache();
    assert!(cache.front().is_err());
    let run = library.open("");
    assert_eq!(run.cache, used(3, 0, 0));
    assert_eq!(run.app.library.len(), 3);
    assert!(matches!(cache.front(), Ok(Some((_, 3)))));
}

#[test]
fn an_articles_text_damaged_in_the_cache_is_read_again_from_its_file() {
    let library = Library::new(FILES);
    library.open("");
    let file = library.cache_files().remove(0);
    let mut bytes = std::fs::read(&file).unwrap();
    // The ferry's body, as the cache holds it (its text is in its own chunk).
    let at = bytes
        .windows(16)
        .position(|w| w == b"forty passengers")
        .expect("the body's text in the cache");
    bytes[at] ^= 0x20;
    std::fs::write(&file, &bytes).unwrap();

    let run = library.open("");
    // The other two from the cache (their texts in the same chunk); the ferry's
    // file read again.
    assert_eq!(run.cache, used(2, 1, 0));
    let ferry = run
        .app
        .library
        .articles()
        .iter()
        .find(|a| a.title == "Harbour ferries run again")
        .cloned()
        .expect("the ferry article");
    assert!(ferry.plain_body().contains("with forty passengers"));
    // And the cache written again, whole.
    assert_eq!(library.open("").cache, used(3, 0, 0));
}

/// Every article of the samples and the fixtures, its body and links left in the
/// cache's map and read from there, equals the one parsed from its file.
#[test]
fn articles_read_from_the_cache_equal_the_parsed_ones() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["sample-articles", "tests/fixtures"] {
        let sources = vec![Source::Path(manifest.join(folder))];
        let dir = tempfile::tempdir().unwrap();
        let options = LoadOptions {
            cache_dir: Some(dir.path().to_path_buf()),
            ..LoadOptions::default()
        };
        let app = App::new(&Config::default(), State::default(), false);
        let first = run_loading(app, &sources, &options, 100, 20, key_events(""));
        assert_eq!(first.cache, CacheUse::Unused("no cache yet".into()));
        let (cached, _, report) = tidings::library::load_library_indexed(&sources, &options, true);
        assert!(
            matches!(
                report.cache,
                CacheUse::Used {
                    read: 0,
                    gone: 0,
                    ..
                }
            ),
            "{folder}: {:?}",
            report.cache
        );
        let (parsed, _) = load_library(&sources, &LoadOptions::default());
        assert!(parsed.len() > 5, "{folder}: {}", parsed.len());
        assert_eq!(cached.len(), parsed.len(), "{folder}");
        let key = |a: &tidings::article::Article| (a.path.clone(), a.id);
        let parsed: std::collections::HashMap<_, _> = parsed
            .articles()
            .iter()
            .map(|a| (key(a), a.clone()))
            .collect();
        for article in cached.articles() {
            assert!(article.body.is_kept() && article.links.is_kept());
            let original = &parsed[&key(article)];
            assert_eq!(
                **article,
                **original,
                "{folder}: {}",
                article.path.display()
            );
            assert_eq!(article.plain_body(), original.plain_body());
        }
    }
}

#[test]
fn problems_and_duplicates_come_back_from_the_cache() {
    let library = Library::new(FILES);
    library.write("copy.md", FILES[0].1);
    std::fs::write(library.root.join("photo.txt"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let problems = |run: &Run| {
        let mut all: Vec<String> = run.app.problems.iter().map(ToString::to_string).collect();
        all.sort();
        all
    };
    let first = library.open("");
    assert_eq!(problems(&first).len(), 2, "{:?}", problems(&first));
    let second = library.open("");
    // A file that could not be read is read again (the cause may have passed).
    assert_eq!(second.cache, used(4, 1, 0));
    assert_eq!(problems(&second), problems(&first));
    assert_eq!(second.app.library.len(), 3);
}

#[test]
fn the_command_lines_load_from_the_cache_equals_a_fresh_one() {
    let library = Library::new(FILES);
    library.open("");
    library.write(
        "bridge.md",
        "# Old bridge reopens early\n\nEngineers finished the girders ahead of time.\n",
    );
    library.write("tram.md", "# Tram line extended\n\nA new stop.\n");
    let titles = |options: &LoadOptions| {
        let (loaded, report) = load_library(&library.sources(), options);
        let titles: Vec<(PathBuf, String)> = loaded
            .articles()
            .iter()
            .map(|a| (a.path.clone(), a.title.clone()))
            .collect();
        (titles, report.cache)
    };
    let (cached, cache) = titles(&library.options());
    assert_eq!(cache, used(2, 2, 0));
    let (fresh, none) = titles(&LoadOptions::default());
    assert_eq!(none, CacheUse::Off);
    assert_eq!(cached, fresh);
    assert!(cached.iter().any(|(_, t)| t == "Old bridge reopens early"));
    assert!(
        cached
            .iter()
            .all(|(p, _)| p.starts_with(Path::new(&library.root)))
    );
}

#[test]
fn walking_while_the_cache_is_read_loads_what_walking_after_does() {
    let library = Library::new(FILES);
    std::fs::write(library.root.join("photo.txt"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let load = |list_first: bool| {
        let options = LoadOptions {
            list_first,
            ..library.options()
        };
        let (loaded, report) = load_library(&library.sources(), &options);
        let titles: Vec<(PathBuf, String)> = loaded
            .articles()
            .iter()
            .map(|a| (a.path.clone(), a.title.clone()))
            .collect();
        let mut problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
        problems.sort();
        (titles, problems, report.files, report.cache)
    };
    // No cache yet: the files walked beside its read are read, not walked again.
    let (titles, problems, files, cache) = load(false);
    assert!(matches!(cache, CacheUse::Unused(_)), "{cache:?}");
    assert_eq!(
        (titles.len(), problems.len(), files),
        (FILES.len(), 1, FILES.len() + 1)
    );
    assert_eq!(load(false), load(true));
    library.open("");
    let (titles, _, _, cache) = load(false);
    assert_eq!(cache, used(FILES.len(), 1, 0));
    assert_eq!(titles.len(), FILES.len());
    assert_eq!(load(false), load(true));
    library.write("tram.md", "# Tram line extended\n\nA new stop.\n");
    assert_eq!(load(false).3, used(FILES.len(), 2, 0));
    assert_eq!(load(false), load(true));
}

/// The titles `query` finds, searched with `index` (one is built when `None`).
fn found(
    query: &str,
    index: &mut Option<tidings::index::Index>,
    library: &tidings::library::Library,
) -> Vec<String> {
    let docs = tidings::commands::run_query(library, index, &State::default(), query).unwrap();
    docs.iter()
        .map(|&d| library.get(d).unwrap().title.clone())
        .collect()
}

#[test]
fn the_command_lines_index_from_the_cache_follows_the_files_changed_since() {
    let library = Library::new(FILES);
    library.open("");
    let load =
        || tidings::library::load_library_indexed(&library.sources(), &library.options(), true);
    let fresh = || {
        let (fresh, _) = load_library(&library.sources(), &LoadOptions::default());
        fresh
    };
    let (loaded, index, report) = load();
    assert_eq!(report.cache, used(FILES.len(), 0, 0));
    assert!(report.refresh.is_none(), "the cache is whole and true");
    let mut index = Some(index.expect("the cache's index, the library being unchanged"));
    assert_eq!(index.as_ref().map(|i| i.len()), Some(loaded.len()));
    let fresh_library = fresh();
    assert_eq!(
        found("sort:title", &mut index, &loaded),
        found("sort:title", &mut None, &fresh_library)
    );

    // A file edited, one added, one removed: the cache's index follows them.
    library.write(
        "bridge.md",
        "# Old bridge reopens early\n\nEngineers finished the girders ahead of time.\n",
    );
    library.write(
        "tram.md",
        "# Tram line extended\n\nA new stop by the harbour.\n",
    );
    std::fs::remove_file(library.root.join("market.md")).unwrap();
    let (loaded, index, report) = load();
    assert_eq!(report.cache, used(1, 2, 1));
    assert!(report.refresh.is_some(), "the cache is to be written again");
    assert_eq!(
        report.edited.len(),
        1,
        "bridge.md holds another article now"
    );
    let mut index = Some(index.expect("the cache's index, following the changes"));
    assert_eq!(loaded.len(), 3, "two left and one added");
    let fresh_library = fresh();
    let mut fresh_index = None;
    for query in [
        "sort:title",
        "harbour sort:title",
        "girders",
        "title:tram",
        "council",
        "lanterns",
        "ferry -tram",
        "\"new stop\"",
    ] {
        let mut ours = found(query, &mut index, &loaded);
        let mut theirs = found(query, &mut fresh_index, &fresh_library);
        if !query.contains("sort:") {
            ours.sort();
            theirs.sort();
        }
        assert_eq!(ours, theirs, "{query}");
    }
    assert_eq!(
        found("harbour sort:title", &mut index, &loaded),
        ["Harbour ferries run again", "Tram line extended"]
    );
    assert_eq!(
        found("girders", &mut index, &loaded),
        ["Old bridge reopens early"]
    );
    assert!(
        found("council", &mut index, &loaded).is_empty(),
        "the old text"
    );
    assert!(
        found("lanterns", &mut index, &loaded).is_empty(),
        "the file gone"
    );
}

/// `tidings list` on the library, with its config (and cache) beside it.
fn command(library: &Library, args: &[&str]) -> std::process::Output {
    let root = library.root.to_string_lossy().into_owned();
    let mut args: Vec<&str> = args.to_vec();
    args.push(&root);
    let config = library.cache.parent().unwrap();
    crate::cli::tidings(config, &args)
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success() || out.status.code() == Some(1),
        "{out:?}"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_command_that_had_to_read_files_writes_the_cache_for_the_next() {
    let library = Library::new(FILES);
    assert!(
        stdout(&command(&library, &["list", "--query", "lanterns"])).contains("Night market opens")
    );
    // Written, with the index: the next load (trusting the files' young stamps)
    // takes the library whole from it.
    let (contents, _) = library.cache().read().expect("the command wrote the cache");
    assert_eq!(contents.articles.len(), FILES.len());
    assert!(contents.index.is_some(), "with the index the query built");
    let (_, index, report) =
        tidings::library::load_library_indexed(&library.sources(), &library.options(), true);
    assert_eq!(report.cache, used(FILES.len(), 0, 0));
    assert!(index.is_some() && report.refresh.is_none());

    // An edit: the next command finds the new text, and writes the cache again.
    library.write(
        "bridge.md",
        "# Old bridge reopens early\n\nEngineers finished the girders ahead of time.\n",
    );
    assert!(
        stdout(&command(&library, &["list", "--query", "girders"]))
            .contains("Old bridge reopens early")
    );
    assert_eq!(
        stdout(&command(&library, &["list", "--query", "council"])),
        ""
    );
    let (contents, _) = library.cache().read().unwrap();
    let mut titles: Vec<String> = contents.articles.iter().map(|a| a.title.clone()).collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "Harbour ferries run again",
            "Night market opens",
            "Old bridge reopens early"
        ]
    );
    let (_, index, report) =
        tidings::library::load_library_indexed(&library.sources(), &library.options(), true);
    assert_eq!(report.cache, used(FILES.len(), 0, 0));
    assert!(index.is_some(), "the index written with the articles");

    // Commands that need no index keep the cache's (`tags` here).
    library.write("tram.md", "# Tram line extended\n\nA new stop.\n");
    stdout(&command(&library, &["tags"]));
    let (contents, _) = library.cache().read().unwrap();
    assert_eq!(contents.articles.len(), FILES.len() + 1);
    assert!(contents.index.is_some());
}

#[test]
fn a_command_writes_the_cache_only_when_what_it_read_anew_changed_something() {
    let library = Library::new(FILES);
    std::fs::write(library.root.join("photo.txt"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    library.open("");
    let keep = || {
        let (loaded, mut index, report) =
            tidings::library::load_library_indexed(&library.sources(), &library.options(), true);
        let cache = report.cache.clone();
        let kept =
            tidings::commands::keep_cache(&loaded, index.as_mut(), report, &State::default());
        (cache, kept.unwrap())
    };
    // The binary file is skipped (the cache does not list it) and read again each
    // time; that changes nothing, so the cache stays as it is.
    assert_eq!(
        keep(),
        (used(FILES.len(), 1, 0), tidings::commands::Kept::Untouched)
    );
    // A file changed: written.
    library.write(
        "bridge.md",
        "# Old bridge reopens early\n\nEngineers finished the girders ahead of time.\n",
    );
    let (cache, kept) = keep();
    assert_eq!(cache, used(FILES.len() - 1, 2, 0));
    assert!(
        matches!(kept, tidings::commands::Kept::Written(_)),
        "{kept:?}"
    );
    assert_eq!(
        keep(),
        (used(FILES.len(), 1, 0), tidings::commands::Kept::Untouched)
    );
    // A file gone: written.
    std::fs::remove_file(library.root.join("market.md")).unwrap();
    let (cache, kept) = keep();
    assert_eq!(cache, used(FILES.len() - 1, 1, 1));
    assert!(
        matches!(kept, tidings::commands::Kept::Written(_)),
        "{kept:?}"
    );
    // Many files skipped: read again each time, and no cause to write.
    let many = tidings::library::READ_AGAIN + 1;
    for i in 0..many {
        std::fs::write(library.root.join(format!("x{i}.txt")), b"\0\0\0\0").unwrap();
    }
    assert_eq!(
        keep(),
        (
            used(FILES.len() - 1, many + 1, 0),
            tidings::commands::Kept::Untouched
        )
    );
    // Many files touched, their articles unchanged: written, so that they are not
    // read again and again; a few are read again rather than write.
    let stories = |text: &str| {
        for i in 0..many {
            library.write(&format!("s{i}.md"), &format!("# Story {i}\n\n{text}\n"));
        }
    };
    stories("Told once.");
    assert!(matches!(keep().1, tidings::commands::Kept::Written(_)));
    stories("Told once.");
    let (cache, kept) = keep();
    assert_eq!(cache, used(FILES.len() - 1, 2 * many + 1, 0));
    assert!(
        matches!(kept, tidings::commands::Kept::Written(_)),
        "{kept:?}"
    );
    library.write("s0.md", "# Story 0\n\nTold once.\n");
    assert_eq!(
        keep(),
        (
            used(FILES.len() - 2 + many, many + 2, 0),
            tidings::commands::Kept::Untouched
        )
    );
}

#[test]
fn a_command_leaves_the_cache_to_the_reader_when_an_edited_file_has_marks() {
    let library = Library::new(FILES);
    let config = library.cache.parent().unwrap().to_path_buf();
    let first = library.open("");
    let (old, state) = old_bridge_bookmarked(&first);
    let store = tidings::state::Store::new(&config);
    store.save(&state).unwrap();
    library.write(
        "bridge.md",
        "# Old bridge closes for repairs\n\nThe council closed the bridge on Monday, not Sunday.\n",
    );
    let cache_file = library.cache_files().remove(0);
    let before = std::fs::read(&cache_file).unwrap();
    assert!(
        stdout(&command(&library, &["list", "--query", "sunday"])).contains("Old bridge closes")
    );
    assert_eq!(
        std::fs::read(&cache_file).unwrap(),
        before,
        "the cache still holds the bookmarked article"
    );

    // The reader's next start carries the bookmark to the edited article.
    let state = store.load().unwrap().state;
    let app = App::new(&Config::default(), state, false);
    let run = run_loading(
        app,
        &library.sources(),
        &library.options(),
        100,
        20,
        Vec::new(),
    );
    assert_eq!(run.cache, used(2, 1, 0));
    let new = run
        .app
        .library
        .articles()
        .iter()
        .find(|a| a.id != old && a.title.starts_with("Old bridge"))
        .map(|a| a.id)
        .unwrap();
    assert!(run.app.state.is_bookmarked(new));
}

#[test]
fn articles_the_cache_lists_without_a_file_are_dropped() {
    let library = Library::new(FILES);
    library.open("");
    // A cache holding an article of a file it does not list (and that is not there).
    let cache = library.cache();
    let (contents, _) = cache.read().unwrap();
    let mut articles: Vec<std::sync::Arc<tidings::article::Article>> = contents.articles;
    let mut ghost = (*articles[0]).clone();
    ghost.id = tidings::article::ArticleId(7);
    ghost.title = "A ghost of a file long gone".into();
    ghost.path = library.root.join("ghost.md");
    articles.push(std::sync::Arc::new(ghost));
    let snapshot = tidings::cache::Snapshot {
        meta: contents.meta,
        articles,
        index: None,
    };
    cache.write(&snapshot).unwrap();

    let (loaded, report) = load_library(&library.sources(), &library.options());
    assert_eq!(report.cache, used(3, 0, 1));
    assert!(loaded.articles().iter().all(|a| !a.title.contains("ghost")));
    let run = library.open("");
    assert_eq!(run.app.library.len(), 3);
    assert!(!screen(&run).contains("ghost"), "{}", screen(&run));
}

#[test]
fn files_the_watch_saw_change_and_files_not_read_are_left_out_of_the_cache() {
    let library = Library::new(FILES);
    std::fs::create_dir(library.root.join("sub")).unwrap();
    library.write("sub/deep.md", "# Deep story\n\nDown here.\n");
    std::fs::write(library.root.join("photo.txt"), b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let run = library.open("");
    // The stamps as a load takes them (from a load without a cache of its own).
    let elsewhere = LoadOptions {
        cache_dir: Some(library.cache.join("elsewhere")),
        ..library.options()
    };
    let report = tidings::library::load(&library.sources(), &elsewhere, &|_| {});
    let refresh = report.refresh.expect("a cache to write");
    assert_eq!(refresh.files.len(), 5);
    let job = run.app.cache_job(refresh, &[library.root.join("sub")]);
    let mut listed: Vec<String> = job
        .meta
        .files
        .iter()
        .filter_map(|e| e.path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .collect();
    listed.sort();
    assert_eq!(listed, ["bridge.md", "ferry.md", "market.md"]);
    assert_eq!(job.live, 4, "the articles are all there all the same");
}

#[test]
fn a_file_edited_between_starts_keeps_its_bookmark() {
    let library = Library::new(FILES);
    library.write(
        "weather.md",
        "# Storm warning lifted\n\nThe wind dropped.\n",
    );
    library.write("school.md", "# School garden wins prize\n\nPumpkins.\n");
    let first = library.open("");
    let (old, state) = old_bridge_bookmarked(&first);
    library.write(
        "bridge.md",
        "# Old bridge closes for repairs\n\nThe council closed the bridge on Monday, not Sunday.\n",
    );

    let app = App::new(&Config::default(), state, false);
    let sources = library.sources();
    let run = run_loading(app, &sources, &library.options(), 100, 20, Vec::new());
    assert_eq!(run.cache, used(4, 1, 0));
    let new = run
        .app
        .library
        .articles()
        .iter()
        .find(|a| a.body.iter().any(|b| b.plain_text().contains("not Sunday")))
        .map(|a| a.id)
        .unwrap();
    assert!(run.app.state.is_bookmarked(new));
    assert!(!run.app.state.is_bookmarked(old));
    assert!(screen(&run).contains("1 bookmarked"), "{}", screen(&run));
}

/// An RSS feed of `entries` tiny entries, all with the word "entry"; only the last
/// has "zebra". Each has a link (an entry without one is hashed with its whole file).
fn big_feed(entries: usize) -> String {
    let mut feed = String::from("<rss version=\"2.0\"><channel><title>Big</title>\n");
    for i in 0..entries {
        let word = if i + 1 == entries { "zebra" } else { "plain" };
        feed.push_str(&format!(
            "<item><title>Entry {i}</title><link>https://big.example/{i}</link>\
             <description>{word}</description></item>\n"
        ));
    }
    feed.push_str("</channel></rss>\n");
    feed
}

#[test]
fn a_feed_of_more_than_65536_entries_is_searchable_whole_on_every_start() {
    let feed = big_feed(70_000);
    let library = Library::new(&[("big.xml", &feed)]);
    let search = |keys: &str, cache: CacheUse| {
        let run = library.open(keys);
        assert_eq!(run.cache, cache, "{keys}");
        screen(&run)
    };
    // The status line's count: "shown/all articles · …".
    let count = |screen: &str| {
        let line = screen.lines().find(|l| l.contains(" articles · "));
        line.and_then(|l| l.split_whitespace().next())
            .map(String::from)
    };
    let check = |every: String, last: String| {
        assert_eq!(count(&every).as_deref(), Some("70000/70000"), "{every}");
        assert_eq!(count(&last).as_deref(), Some("1/70000"), "{last}");
        assert!(last.contains("Entry 69999"), "{last}");
    };
    // First starts read the feed (one batch of 70,000); each writes the cache, which
    // goes before the next first start.
    let no_cache = || CacheUse::Unused("no cache yet".into());
    let every = search("/ type:entry enter", no_cache());
    std::fs::remove_dir_all(&library.cache).unwrap();
    let last = search("/ type:zebra enter", no_cache());
    check(every, last);
    // Later starts take the feed and its index from the cache.
    let every = search("/ type:entry enter", used(1, 0, 0));
    let last = search("/ type:zebra enter", used(1, 0, 0));
    check(every, last);
}

/// A warm start's first frame is the cache's front page: the newest articles, in
/// the list's order, with the saved selection, before the rest of the cache is read;
/// then the library in the same order, never a "Nothing matches" or empty frame.
#[test]
fn a_warm_start_shows_the_front_page_first_then_the_same_list() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use tidings::app::Msg;
    use tidings::library::LoadEvent;
    let library = Library::new(FILES);
    library.open("");
    let titles = [
        "Harbour ferries run again",
        "Night market opens",
        "Old bridge closes for repairs",
    ];
    // The selection saved last time: the second article.
    let mut state = State::default();
    let night = library.open("").app.library.articles()[..]
        .iter()
        .find(|a| a.title == titles[1])
        .map(|a| a.id);
    state.selected = night;

    let events = std::sync::Mutex::new(Vec::new());
    let report = tidings::library::load(&library.sources(), &library.options(), &|e| {
        events.lock().unwrap().push(e);
    });
    let events = events.into_inner().unwrap();
    assert!(matches!(events[0], LoadEvent::Front { total: 3, .. }));

    let mut app = App::new(&Config::default(), state, false);
    let mut searcher = tidings::search::InlineSearcher::default();
    let mut terminal = Terminal::new(TestBackend::new(100, 12)).unwrap();
    let mut screens = Vec::new();
    let mut step = |app: &mut App, msg: Msg| {
        let effects = app.update(msg);
        tidings::runner::forward(app, &mut searcher, effects);
        terminal.draw(|f| f.render_widget(&*app, f.area())).unwrap();
        text(terminal.backend().buffer())
    };
    step(
        &mut app,
        Msg::Action(tidings::action::Action::Resize(100, 12)),
    );
    let mut events = events.into_iter();
    let front = step(&mut app, Msg::Load(events.next().unwrap()));
    assert_eq!(
        app.preview()
            .map(|(a, total, selected)| (a.len(), total, selected)),
        Some((3, 3, 1))
    );
    for msg in events {
        screens.push(step(&mut app, Msg::Load(msg)));
    }
    screens.push(step(&mut app, Msg::LoadDone(report)));
    assert!(app.preview().is_none());
    // The titles in the list pane (left of the reader), top to bottom.
    let order = |screen: &str| {
        let list: String = screen
            .lines()
            .map(|l| l.split("││").next().unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let mut found: Vec<(usize, &str)> = titles
            .iter()
            .filter_map(|t| list.find(&t[..15]).map(|at| (at, *t)))
            .collect();
        found.sort();
        found.into_iter().map(|(_, t)| t).collect::<Vec<_>>()
    };
    assert_eq!(order(&front), titles, "{front}");
    assert!(front.contains(" 3 "), "the count the cache holds: {front}");
    for screen in &screens {
        assert!(!screen.contains("Nothing matches"), "{screen}");
        assert_eq!(order(screen), titles, "the list is never empty: {screen}");
    }
    let last = screens.last().unwrap();
    assert_eq!(order(last), titles, "{last}");
    assert_eq!(
        app.selected, 1,
        "the saved selection, as the front page showed it"
    );
}

/// The reader loads the library, and `q` comes once every file is read but before
/// the loader says it is done (the list looks whole): the quit hears the load out,
/// and the cache is written for the next start.
#[test]
fn a_quit_as_the_list_fills_still_writes_the_cache() {
    use std::sync::{Mutex, mpsc};
    use tidings::runner::{self, Finished, Msg};
    use tidings::search::InlineSearcher;

    let library = Library::new(FILES);
    let (tx, rx) = mpsc::channel();
    let report = {
        let sender = Mutex::new(tx.clone());
        tidings::library::load(&library.sources(), &library.options(), &|event| {
            sender.lock().unwrap().send(Msg::Load(event)).unwrap();
        })
    };
    for event in key_events("q") {
        tx.send(Msg::Input(event)).unwrap();
    }
    tx.send(Msg::LoadDone(report)).unwrap();
    drop(tx);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 20)).unwrap();
    let mut app = App::new(&Config::default(), State::default(), false);
    let mut searcher = InlineSearcher::default();
    runner::run(
        &mut terminal,
        &mut app,
        &rx,
        &mut searcher,
        &mut |state: &State| Ok((state.clone(), Vec::new())),
        &mut crate::screen::Recorder::default(),
    )
    .unwrap();
    assert_eq!(app.library.len(), 3, "every article in");
    assert!(app.loading);
    assert!(
        library.cache_files().is_empty(),
        "quit before the load's end"
    );

    assert!(app.load_finishing());
    let waited = runner::finish_load(&mut app, &rx, &mut searcher, Duration::from_secs(30));
    assert_eq!(waited, Finished::Done);
    assert_eq!(library.cache_files().len(), 1);
    assert_eq!(library.open("").cache, used(3, 0, 0));
}

/// A load with files left to read is not finishing (a quit does not wait for it);
/// a signal or the end of the wait ends a wait for one that is.
#[test]
fn a_quit_waits_only_for_a_load_that_is_finishing() {
    use std::sync::mpsc;
    use tidings::library::LoadEvent;
    use tidings::runner::{self, Finished, Msg};
    use tidings::search::InlineSearcher;

    let mut searcher = InlineSearcher::default();
    let (tx, rx) = mpsc::channel();
    let mut app = App::new(&Config::default(), State::default(), false);
    app.update(Msg::Load(LoadEvent::Started { files: 2 }));
    tx.send(Msg::Signal(15)).unwrap();
    let wait = Duration::from_secs(30);
    assert!(!app.load_finishing(), "files left to read");

    app.update(Msg::Load(LoadEvent::Batch {
        articles: Vec::new(),
        files: 2,
    }));
    assert!(app.load_finishing());
    assert_eq!(
        runner::finish_load(&mut app, &rx, &mut searcher, wait),
        Finished::Signal(15)
    );
    assert_eq!(
        runner::finish_load(&mut app, &rx, &mut searcher, Duration::from_millis(20)),
        Finished::TimedOut
    );
    assert!(app.loading);
}
