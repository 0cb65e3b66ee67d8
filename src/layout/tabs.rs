//! Where the view tabs sit on the tabs row: the app finds the tab under a click with
//! it, the tabs row draws the same labels.

use unicode_width::UnicodeWidthStr;

/// Each tab's label and the columns it covers, from the row's left edge: All, then
/// the saved searches (`views`), the first nine numbered for the keys that show them.
pub fn tabs<'a>(views: impl Iterator<Item = &'a str>) -> Vec<(String, std::ops::Range<u16>)> {
    let names = std::iter::once("All").chain(views);
    let mut at = 1u16;
    let mut out = Vec::new();
    for (i, name) in names.enumerate() {
        let label = if i < 9 {
            format!(" {} {name} ", i + 1)
        } else {
            format!(" {name} ")
        };
        let end = at.saturating_add(label.width() as u16);
        out.push((label, at..end));
        at = end.saturating_add(1);
    }
    out
}
