//! The prompts typed into: the filter bar, a find in the article, a bookmark's note,
//! a link's number, tags, the help's search. One `TextInput` type holds what is typed and
//! takes the editing keys the same way for all of them; what Enter and Esc mean is
//! each prompt's own (`submit`, `cancel`).

use super::{App, Effect, Focus};
use crate::action::Action;

/// A line of text being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
}

/// What an editing key did to a `TextInput`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Typed,
    /// Enter: keep it.
    Submit,
    /// Esc: drop it.
    Cancel,
    /// Not an editing key.
    Other,
}

impl TextInput {
    pub fn new(text: impl Into<String>) -> TextInput {
        TextInput { text: text.into() }
    }

    /// Takes an editing key: a character typed, backspace, ctrl-w, ctrl-u, enter or esc.
    pub fn edit(&mut self, action: &Action) -> Edit {
        match action {
            Action::InputChar(c) => {
                self.text.push(*c);
                Edit::Typed
            }
            Action::InputBackspace => {
                self.text.pop();
                Edit::Typed
            }
            Action::InputDeleteWord => {
                let word = self
                    .text
                    .trim_end()
                    .trim_end_matches(|c: char| !c.is_whitespace());
                self.text.truncate(word.len());
                Edit::Typed
            }
            Action::InputClear => {
                self.text.clear();
                Edit::Typed
            }
            Action::InputSubmit => Edit::Submit,
            Action::InputCancel => Edit::Cancel,
            _ => Edit::Other,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn push(&mut self, c: char) {
        self.text.push(c);
    }

    pub fn set(&mut self, text: impl Into<String>) {
        self.text = text.into();
    }

    pub fn clear(&mut self) {
        self.text.clear();
    }

    /// The text, leaving the input empty.
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.text)
    }
}

impl std::ops::Deref for TextInput {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq<str> for TextInput {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for TextInput {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl App {
    /// The input of the prompt that has focus, if a prompt has it.
    fn input_mut(&mut self, focus: Focus) -> Option<&mut TextInput> {
        match focus {
            Focus::Filter => Some(&mut self.filter),
            Focus::Note => Some(&mut self.note_input),
            Focus::Find => Some(&mut self.find_input),
            Focus::Link => Some(&mut self.link_input),
            Focus::Tags => Some(&mut self.tag_input),
            Focus::Url => Some(&mut self.url_input),
            Focus::List | Focus::Reader => None,
        }
    }

    /// A key while a prompt has focus: editing keys edit its input, and the prompt
    /// says what its text, Enter and Esc mean.
    pub(super) fn prompt(&mut self, action: Action) -> Vec<Effect> {
        let focus = self.focus;
        match (focus, &action) {
            (Focus::Filter, Action::MoveUp) => return self.browse_history(-1),
            (Focus::Filter, Action::MoveDown) => return self.browse_history(1),
            // A link's number: digits only, `o` again for the article's own link.
            (Focus::Link, Action::InputChar('o')) => return self.open_typed_link(),
            (Focus::Link, Action::InputChar(c)) => return self.link_digit(*c),
            (Focus::Tags, Action::InputComplete) => {
                self.complete_tag();
                return Vec::new();
            }
            _ => {}
        }
        let Some(input) = self.input_mut(focus) else {
            return Vec::new();
        };
        match input.edit(&action) {
            Edit::Typed if focus == Focus::Filter => {
                self.history_at = None;
                self.apply_filter()
            }
            Edit::Typed => {
                self.completion = None;
                Vec::new()
            }
            Edit::Other => Vec::new(),
            Edit::Submit => self.submit(focus),
            Edit::Cancel => self.cancel(focus),
        }
    }

    /// Enter at a prompt.
    fn submit(&mut self, focus: Focus) -> Vec<Effect> {
        match focus {
            Focus::Filter => {
                self.focus = Focus::List;
                self.state.last_filter = self.filter.to_string();
                if !self.filter.trim().is_empty() {
                    self.state.push_filter(self.filter.to_string());
                }
                vec![Effect::SaveState]
            }
            Focus::Note if self.pending_highlight.is_some() => {
                self.focus = self.focus_before_filter;
                let note = self.note_input.take();
                let note = (!note.trim().is_empty()).then(|| note.trim().to_string());
                match self.pending_highlight.take() {
                    Some(anchor) => self.add_highlight(anchor, note),
                    None => Vec::new(),
                }
            }
            Focus::Note => {
                self.focus = self.focus_before_filter;
                let Some(id) = self.selected_id() else {
                    return Vec::new();
                };
                let note = self.note_input.trim();
                let note = (!note.is_empty()).then(|| note.to_string());
                self.set_message(if note.is_some() {
                    "Note saved"
                } else {
                    "Note removed"
                });
                self.state.set_bookmark_note(id, note);
                self.relayout();
                vec![Effect::SaveState]
            }
            Focus::Find => {
                self.focus = Focus::Reader;
                self.start_find();
                Vec::new()
            }
            Focus::Link => self.open_typed_link(),
            Focus::Tags => self.apply_tags(),
            Focus::Url => self.save_typed_url(),
            Focus::List | Focus::Reader => Vec::new(),
        }
    }

    /// Esc at a prompt.
    fn cancel(&mut self, focus: Focus) -> Vec<Effect> {
        match focus {
            Focus::Filter => {
                self.focus = self.focus_before_filter;
                let mut effects = self.clear_filter();
                effects.push(Effect::SaveState);
                effects
            }
            Focus::Note => {
                self.focus = self.focus_before_filter;
                self.note_input.clear();
                if self.pending_highlight.take().is_some() {
                    self.set_message("Highlight dropped");
                }
                Vec::new()
            }
            Focus::Find => {
                self.focus = Focus::Reader;
                Vec::new()
            }
            Focus::Link => {
                self.link_input.clear();
                self.focus = self.focus_before_filter;
                Vec::new()
            }
            Focus::Url => {
                self.url_input.clear();
                self.focus = self.focus_before_filter;
                Vec::new()
            }
            Focus::Tags => {
                self.tag_input.clear();
                self.completion = None;
                self.focus = self.focus_before_filter;
                Vec::new()
            }
            Focus::List | Focus::Reader => Vec::new(),
        }
    }

    /// Typing a search into the help: `/` starts it, text narrows the help, enter
    /// keeps it, esc drops it. Returns whether the action was taken here.
    pub(super) fn search_help(&mut self, action: &Action) -> bool {
        if *action == Action::FocusFilter {
            self.help_search.get_or_insert_with(TextInput::default);
            self.help_typing = true;
            self.overlay_scroll = 0;
            return true;
        }
        let search = self.help_search.get_or_insert_with(TextInput::default);
        if self.help_typing {
            match search.edit(action) {
                Edit::Typed => {
                    if matches!(action, Action::InputChar(_)) {
                        self.overlay_scroll = 0;
                    }
                    return true;
                }
                Edit::Submit => {
                    self.help_typing = false;
                    return true;
                }
                Edit::Cancel => {
                    self.help_typing = false;
                    self.help_search = None;
                    return true;
                }
                Edit::Other => {}
            }
        }
        // Esc with a search kept: back to the whole help first.
        if *action == Action::Back && !search.is_empty() {
            self.help_search = None;
            self.overlay_scroll = 0;
            return true;
        }
        if search.is_empty() {
            self.help_search = None;
        }
        false
    }
}
