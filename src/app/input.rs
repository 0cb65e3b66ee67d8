//! Terminal events into actions: keys through the keymap (a chord may take two keys,
//! text goes to the prompt that has focus), mouse events by what is under the
//! pointer, resizes as they come.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::{App, Focus};
use crate::action::{Action, Step};
use crate::layout::panes::{inner, on_divider};

const WHEEL_LINES: i32 = 3;

/// While a passage is selected, these keys shape it: `j` `k` (and the arrows) by
/// line, `w` `b` by sentence, `}` `{` by paragraph; enter keeps it, `M` keeps it
/// with a note, esc drops it. Other keys do what they always do.
fn selection_key(key: &KeyEvent) -> Option<Action> {
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    Some(match key.code {
        KeyCode::Char('j') | KeyCode::Down => Action::ExtendSelection(Step::Line, true),
        KeyCode::Char('k') | KeyCode::Up => Action::ExtendSelection(Step::Line, false),
        KeyCode::Char('w') => Action::ExtendSelection(Step::Sentence, true),
        KeyCode::Char('b') => Action::ExtendSelection(Step::Sentence, false),
        KeyCode::Char('}') => Action::ExtendSelection(Step::Paragraph, true),
        KeyCode::Char('{') => Action::ExtendSelection(Step::Paragraph, false),
        KeyCode::Enter => Action::KeepSelection(false),
        KeyCode::Char('M') => Action::KeepSelection(true),
        KeyCode::Esc => Action::DropSelection,
        _ => return None,
    })
}

impl App {
    /// Turns a terminal event into an action, given what has focus and where things are.
    pub fn action_for_event(&mut self, event: &Event) -> Option<Action> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.action_for_key(key),
            Event::Mouse(mouse) => self.action_for_mouse(mouse),
            Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
            _ => None,
        }
    }

    fn action_for_key(&mut self, key: &KeyEvent) -> Option<Action> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        if ctrl && key.code == KeyCode::Char('z') {
            return Some(Action::Suspend);
        }
        let help_typing = self.help_typing && self.overlay.is_some();
        if help_typing
            || matches!(
                self.focus,
                Focus::Filter | Focus::Note | Focus::Find | Focus::Link | Focus::Tags | Focus::Url
            ) && self.overlay.is_none()
        {
            self.pending.clear();
            return match key.code {
                KeyCode::Enter => Some(Action::InputSubmit),
                KeyCode::Esc => Some(Action::InputCancel),
                KeyCode::Backspace if ctrl || key.modifiers.contains(KeyModifiers::ALT) => {
                    Some(Action::InputDeleteWord)
                }
                KeyCode::Backspace => Some(Action::InputBackspace),
                KeyCode::Char('w') if ctrl => Some(Action::InputDeleteWord),
                KeyCode::Char('u') if ctrl => Some(Action::InputClear),
                KeyCode::Tab if self.focus == Focus::Tags => Some(Action::InputComplete),
                KeyCode::Up if self.focus == Focus::Filter => Some(Action::MoveUp),
                KeyCode::Down if self.focus == Focus::Filter => Some(Action::MoveDown),
                KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                    Some(Action::InputChar(c))
                }
                _ => None,
            };
        }
        if self.selection.is_some()
            && self.overlay.is_none()
            && let Some(action) = selection_key(key)
        {
            self.pending.clear();
            return Some(action);
        }
        self.pending.feed(&self.keymap, key)
    }

    fn action_for_mouse(&self, mouse: &MouseEvent) -> Option<Action> {
        let at = Position::new(mouse.column, mouse.row);
        let areas = self.areas();
        let in_list = areas.list.contains(at);
        let in_reader = areas.reader.contains(at);
        match mouse.kind {
            MouseEventKind::ScrollDown if in_list => Some(Action::ScrollList(WHEEL_LINES)),
            MouseEventKind::ScrollUp if in_list => Some(Action::ScrollList(-WHEEL_LINES)),
            MouseEventKind::ScrollDown if in_reader => Some(Action::ScrollReader(WHEEL_LINES)),
            MouseEventKind::ScrollUp if in_reader => Some(Action::ScrollReader(-WHEEL_LINES)),
            MouseEventKind::Down(MouseButton::Left) if on_divider(&areas, at.x, at.y) => {
                Some(Action::DragDivider(at.x, at.y))
            }
            MouseEventKind::Drag(MouseButton::Left) if self.dragging => {
                Some(Action::DragDivider(at.x, at.y))
            }
            MouseEventKind::Up(MouseButton::Left) if self.dragging => Some(Action::EndDrag),
            MouseEventKind::Down(MouseButton::Left) if in_list => {
                let rows: Rect = inner(areas.list);
                if rows.contains(at) {
                    Some(Action::SelectRow(
                        self.list_offset + usize::from(at.y - rows.y),
                    ))
                } else {
                    None
                }
            }
            MouseEventKind::Down(MouseButton::Left) if in_reader => {
                Some(Action::PressReader(at.x, at.y))
            }
            MouseEventKind::Drag(MouseButton::Left) if self.press.is_some() => {
                Some(Action::DragReader(at.x, at.y))
            }
            MouseEventKind::Up(MouseButton::Left) if self.press.is_some() => {
                Some(Action::ReleaseReader)
            }
            MouseEventKind::Down(MouseButton::Left) if areas.tabs.contains(at) => {
                self.tab_at(at.x - areas.tabs.x).map(Action::ShowView)
            }
            _ => None,
        }
    }

    /// The number of the view tab at column `x` of the tabs row.
    fn tab_at(&self, x: u16) -> Option<u8> {
        let tabs = crate::layout::tabs::tabs(self.views.iter().map(|v| v.name.as_str()));
        let view = tabs.iter().position(|(_, columns)| columns.contains(&x))?;
        u8::try_from(view + 1).ok().filter(|&n| n <= 9)
    }
}
