//! Key chords to `Action`s: the defaults embedded from `keymap.toml`, user overrides from
//! config.toml merged over them, and the reverse lookup the help overlay reads.
//! No terminal I/O: it only interprets crossterm key events.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::action::{Action, UnknownAction};

/// A binding that cannot be made: a key that is no key, or an action that is none.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    #[error("invalid key '{key}': no key after the modifiers")]
    NoKeyAfterModifiers { key: String },
    #[error(
        "invalid key '{key}': expected one character, f1..f12 or one of {named}, with optional ctrl-, alt-, shift-"
    )]
    UnknownKey {
        key: String,
        /// The named keys, comma-separated.
        named: String,
    },
    #[error("invalid key '{key}': no key")]
    NoKey { key: String },
    #[error("invalid key '{key}': a sequence has at most 4 keys")]
    TooLong { key: String },
    #[error("invalid key '{key}': it clashes with '{other}' (one starts the other)")]
    Clash { key: String, other: String },
    #[error(transparent)]
    UnknownAction(#[from] UnknownAction),
}

impl KeymapError {
    /// Whether the key is at fault (not the action).
    pub fn is_key(&self) -> bool {
        !matches!(self, KeymapError::UnknownAction(_))
    }
}

/// The default bindings, in the same form as `[keys]` in config.toml.
pub const DEFAULT_KEYS: &str = include_str!("keymap.toml");

/// One key with its modifiers, normalised so that `G` and `shift-g` are the same chord.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct KeyChord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyChord {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = code;
        match code {
            // Shift-Space is Space with shift (told apart where the terminal speaks
            // the kitty keyboard protocol).
            KeyCode::Char(' ') => {}
            // The character already says whether shift was down.
            KeyCode::Char(c) => {
                if mods.contains(KeyModifiers::SHIFT) && c.is_ascii_lowercase() {
                    code = KeyCode::Char(c.to_ascii_uppercase());
                }
                mods.remove(KeyModifiers::SHIFT);
            }
            KeyCode::BackTab => mods.remove(KeyModifiers::SHIFT),
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                code = KeyCode::BackTab;
                mods.remove(KeyModifiers::SHIFT);
            }
            _ => {}
        }
        KeyChord { code, mods }
    }

    pub fn from_event(event: &KeyEvent) -> Self {
        KeyChord::new(event.code, event.modifiers)
    }
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
];

const ALIASES: &[(&str, &str)] = &[
    ("return", "enter"),
    ("escape", "esc"),
    ("pgup", "pageup"),
    ("pgdn", "pagedown"),
    ("pgdown", "pagedown"),
    ("del", "delete"),
];

/// Parses `j`, `G`, `ctrl-d`, `alt-enter`, `shift-tab`, `pgdn`, `f5`, `?` and the like.
pub fn parse_key(text: &str) -> Result<KeyChord, KeymapError> {
    let key = || text.to_string();
    let mut mods = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let (prefix, m) = if lower.starts_with("ctrl-") {
            ("ctrl-", KeyModifiers::CONTROL)
        } else if lower.starts_with("alt-") {
            ("alt-", KeyModifiers::ALT)
        } else if lower.starts_with("shift-") {
            ("shift-", KeyModifiers::SHIFT)
        } else {
            break;
        };
        if rest.len() == prefix.len() {
            break;
        }
        mods |= m;
        rest = &rest[prefix.len()..];
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (None, _) => return Err(KeymapError::NoKeyAfterModifiers { key: key() }),
        (Some(c), None) => {
            if mods.contains(KeyModifiers::CONTROL) || mods.contains(KeyModifiers::ALT) {
                KeyCode::Char(c.to_ascii_lowercase())
            } else {
                KeyCode::Char(c)
            }
        }
        _ => {
            let lower = rest.to_ascii_lowercase();
            let name = ALIASES
                .iter()
                .find(|(alias, _)| *alias == lower)
                .map(|(_, name)| *name)
                .unwrap_or(lower.as_str());
            if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == name) {
                *code
            } else if let Some(n) = name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
                && (1..=12).contains(&n)
            {
                KeyCode::F(n)
            } else {
                let names: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
                return Err(KeymapError::UnknownKey {
                    key: key(),
                    named: names.join(", "),
                });
            }
        }
    };
    Ok(KeyChord::new(code, mods))
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            write!(f, "ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            write!(f, "alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            write!(f, "shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => write!(f, "space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map(|(n, _)| *n)
                    .unwrap_or("?");
                write!(f, "{name}")
            }
        }
    }
}

/// A binding as config.toml gives it: the key's text and the action's name.
pub struct Binding<'a> {
    pub key: &'a str,
    pub action: &'a str,
}

/// One key, or a sequence of keys pressed one after another (`g g`).
pub type KeySeq = Vec<KeyChord>;

/// Parses a key or a space-separated sequence of up to four keys.
pub fn parse_keys(text: &str) -> Result<KeySeq, KeymapError> {
    let seq = text
        .split_whitespace()
        .map(parse_key)
        .collect::<Result<KeySeq, KeymapError>>()?;
    let key = text.to_string();
    match seq.len() {
        0 => Err(KeymapError::NoKey { key }),
        1..=4 => Ok(seq),
        _ => Err(KeymapError::TooLong { key }),
    }
}

fn seq_text(seq: &[KeyChord]) -> String {
    seq.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the keys pressed so far mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The start of a longer sequence: wait for the next key.
    Prefix,
    None,
}

#[derive(Clone, Debug)]
pub struct Keymap {
    map: HashMap<KeySeq, Action>,
    /// Bindings in the order they were given, for stable help text.
    order: Vec<KeySeq>,
    /// Sequences the user bound (as opposed to the defaults), to catch conflicts.
    user: Vec<KeySeq>,
}

impl Keymap {
    /// The embedded defaults.
    pub fn defaults() -> Keymap {
        let mut keymap = Keymap {
            map: HashMap::new(),
            order: Vec::new(),
            user: Vec::new(),
        };
        let table: BTreeMap<String, String> = match toml::from_str::<DefaultFile>(DEFAULT_KEYS) {
            Ok(file) => file.keys,
            Err(_) => BTreeMap::new(),
        };
        for (key, action) in table {
            // The embedded file is checked by a test, so nothing is skipped here.
            if let (Ok(seq), Ok(action)) = (parse_keys(&key), Action::from_name(&action)) {
                keymap.bind(seq, Some(action));
            }
        }
        keymap
    }

    /// Binds or (with `None`) unbinds a sequence. Bindings it would shadow (one being
    /// the start of the other) are removed.
    pub fn bind(&mut self, seq: KeySeq, action: Option<Action>) {
        let clashes = |other: &KeySeq| other.starts_with(&seq) || seq.starts_with(other);
        self.map.retain(|other, _| !clashes(other));
        self.order.retain(|other| !clashes(other));
        if let Some(action) = action {
            self.map.insert(seq.clone(), action);
            self.order.push(seq);
        }
    }

    /// Applies one user binding; `"none"` unbinds. The error names the bad key or
    /// action, or the other user binding it clashes with.
    pub fn apply(&mut self, binding: &Binding) -> Result<(), KeymapError> {
        let seq = parse_keys(binding.key)?;
        let action = match binding.action {
            "none" | "" => None,
            name => Some(Action::from_name(name)?),
        };
        if let Some(other) = self
            .user
            .iter()
            .filter(|_| action.is_some())
            .find(|o| **o != seq && (o.starts_with(&seq) || seq.starts_with(o)))
        {
            return Err(KeymapError::Clash {
                key: binding.key.to_string(),
                other: seq_text(other),
            });
        }
        if action.is_some() {
            self.user.push(seq.clone());
        } else {
            self.user.retain(|o| *o != seq);
        }
        self.bind(seq, action);
        Ok(())
    }

    /// What the keys pressed so far mean.
    pub fn lookup(&self, keys: &[KeyChord]) -> Lookup {
        if let Some(action) = self.map.get(keys) {
            return Lookup::Action(action.clone());
        }
        if self
            .map
            .keys()
            .any(|seq| seq.len() > keys.len() && seq.starts_with(keys))
        {
            Lookup::Prefix
        } else {
            Lookup::None
        }
    }

    /// The action of a single key event, ignoring sequences.
    pub fn action_for(&self, event: &KeyEvent) -> Option<Action> {
        match self.lookup(&[KeyChord::from_event(event)]) {
            Lookup::Action(action) => Some(action),
            _ => None,
        }
    }

    /// Default keys this keymap no longer binds (so an effective config can say so).
    pub fn unbound_defaults(&self) -> Vec<String> {
        Keymap::defaults()
            .order
            .iter()
            .filter(|seq| !self.map.contains_key(*seq))
            .map(|seq| seq_text(seq))
            .collect()
    }

    /// The keys bound to an action, in a stable order (single characters first).
    pub fn keys_for(&self, action: &Action) -> Vec<String> {
        let mut keys: Vec<String> = self
            .order
            .iter()
            .filter(|seq| self.map.get(*seq) == Some(action))
            .map(|seq| seq_text(seq))
            .collect();
        keys.sort_by_key(|k| (k.chars().count() > 1, k.to_ascii_lowercase(), k.clone()));
        keys
    }
}

/// Keys pressed so far of a sequence, kept by the runner between key events.
#[derive(Default, Debug)]
pub struct Pending(Vec<KeyChord>);

impl Pending {
    /// Feeds one key; returns the action once a binding is complete.
    pub fn feed(&mut self, keymap: &Keymap, event: &KeyEvent) -> Option<Action> {
        let chord = KeyChord::from_event(event);
        self.0.push(chord);
        match keymap.lookup(&self.0) {
            Lookup::Action(action) => {
                self.0.clear();
                Some(action)
            }
            Lookup::Prefix => None,
            Lookup::None => {
                // A sequence that went nowhere: the last key may start afresh.
                let retry = self.0.len() > 1;
                self.0.clear();
                if retry {
                    self.feed(keymap, event)
                } else {
                    None
                }
            }
        }
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[derive(serde::Deserialize)]
struct DefaultFile {
    keys: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn embedded_defaults_are_all_valid() {
        let file: DefaultFile = toml::from_str(DEFAULT_KEYS).unwrap();
        for (k, a) in &file.keys {
            parse_key(k).unwrap();
            Action::from_name(a).unwrap();
        }
        let keymap = Keymap::defaults();
        for action in Action::BINDABLE {
            assert!(!keymap.keys_for(action).is_empty(), "{action:?} has no key");
        }
    }

    #[test]
    fn parses_named_and_modified_keys() {
        assert_eq!(
            parse_key("ctrl-d").unwrap(),
            KeyChord::new(KeyCode::Char('d'), KeyModifiers::CONTROL)
        );
        assert_eq!(parse_key("G").unwrap(), parse_key("shift-g").unwrap());
        assert_eq!(parse_key("pgdn").unwrap().code, KeyCode::PageDown);
        assert_eq!(parse_key("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(parse_key("f5").unwrap().code, KeyCode::F(5));
        assert_eq!(parse_key("-").unwrap().code, KeyCode::Char('-'));
        assert_eq!(
            parse_key("ctrl--").unwrap(),
            KeyChord::new(KeyCode::Char('-'), KeyModifiers::CONTROL)
        );
        assert!(parse_key("ctrl-").is_err());
        assert!(
            parse_key("hyper-x")
                .unwrap_err()
                .to_string()
                .contains("invalid key 'hyper-x'")
        );
        assert!(parse_key("").is_err());
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "j", "G", "ctrl-d", "enter", "space", "pagedown", "backtab", "?", "f2",
        ] {
            assert_eq!(parse_key(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn shift_space_pages_back_and_space_pages_on() {
        let keymap = Keymap::defaults();
        let space = key(KeyCode::Char(' '), KeyModifiers::NONE);
        let shift_space = key(KeyCode::Char(' '), KeyModifiers::SHIFT);
        assert_eq!(keymap.action_for(&space), Some(Action::PageDown));
        assert_eq!(keymap.action_for(&shift_space), Some(Action::PageUp));
        assert_eq!(parse_key("shift-space").unwrap().to_string(), "shift-space");
    }

    #[test]
    fn events_with_shift_match_uppercase_bindings() {
        let keymap = Keymap::defaults();
        let shifted = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keymap.action_for(&shifted), Some(Action::Bottom));
        let ctrl_d = key(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(keymap.action_for(&ctrl_d), Some(Action::HalfPageDown));
    }

    #[test]
    fn sequences_wait_for_their_last_key() {
        let mut keymap = Keymap::defaults();
        keymap
            .apply(&Binding {
                key: "g g",
                action: "top",
            })
            .unwrap();
        keymap
            .apply(&Binding {
                key: "z z",
                action: "quit",
            })
            .unwrap();
        assert_eq!(keymap.keys_for(&Action::Top), vec!["g g", "home"]);
        let g = key(KeyCode::Char('g'), KeyModifiers::NONE);
        let z = key(KeyCode::Char('z'), KeyModifiers::NONE);
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        let mut pending = Pending::default();
        assert_eq!(pending.feed(&keymap, &g), None);
        assert_eq!(pending.feed(&keymap, &g), Some(Action::Top));
        // A broken sequence: `z` then `j` gives j's action.
        assert_eq!(pending.feed(&keymap, &z), None);
        assert_eq!(pending.feed(&keymap, &j), Some(Action::MoveDown));
        assert_eq!(pending.feed(&keymap, &j), Some(Action::MoveDown));
    }

    #[test]
    fn user_bindings_that_clash_are_errors() {
        let mut keymap = Keymap::defaults();
        keymap
            .apply(&Binding {
                key: "g",
                action: "top",
            })
            .unwrap();
        let err = keymap
            .apply(&Binding {
                key: "g g",
                action: "bottom",
            })
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid key 'g g': it clashes with 'g' (one starts the other)"
        );
        assert!(parse_keys("a b c d e").is_err());
    }

    #[test]
    fn user_bindings_override_and_unbind() {
        let mut keymap = Keymap::defaults();
        keymap
            .apply(&Binding {
                key: "x",
                action: "quit",
            })
            .unwrap();
        keymap
            .apply(&Binding {
                key: "q",
                action: "none",
            })
            .unwrap();
        assert_eq!(keymap.keys_for(&Action::Quit), vec!["x", "ctrl-c"]);
        let err = keymap
            .apply(&Binding {
                key: "y",
                action: "jump",
            })
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("unknown action 'jump'"), "{err}");
    }
}
