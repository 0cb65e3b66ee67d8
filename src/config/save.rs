//! The keys of `tidings save`, validated: `save_dir` (where pages are saved),
//! `save_max_bytes` (the largest page fetched), `save_timeout` (seconds a page may
//! take, whole) and `save_jobs` (how many pages are fetched at once).

use std::path::PathBuf;
use std::time::Duration;

use toml::Spanned;

use super::{ConfigError, expand_path};

/// Pages larger than this are not saved unless the config says otherwise.
pub const DEFAULT_SAVE_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// How long a page may take, whole, unless the config says otherwise.
pub const DEFAULT_SAVE_TIMEOUT: Duration = Duration::from_secs(20);
/// The longest `save_timeout` allowed, in seconds.
const MOST_SECONDS: f64 = 3600.0;
/// How many pages are fetched at once unless the config says otherwise.
pub const DEFAULT_SAVE_JOBS: usize = 4;
/// The most pages `save_jobs` may fetch at once.
const MOST_JOBS: i64 = 64;

/// The save keys as written in config.toml.
pub(super) struct RawSave {
    pub dir: Option<Spanned<String>>,
    pub max_bytes: Option<Spanned<i64>>,
    pub timeout: Option<Spanned<toml::Value>>,
    pub jobs: Option<Spanned<toml::Value>>,
}

/// The save keys' values, the defaults where not given.
pub(super) struct SaveKeys {
    pub dir: Option<PathBuf>,
    pub max_bytes: u64,
    pub timeout: Duration,
    pub jobs: usize,
}

/// The save keys' values, or an error at the first bad one.
pub(super) fn validate(
    raw: RawSave,
    at: impl Fn(usize, String) -> ConfigError,
) -> Result<SaveKeys, ConfigError> {
    let dir = match raw.dir {
        Some(dir) => {
            Some(expand_path(dir.get_ref()).map_err(|m| at(dir.span().start, m.to_string()))?)
        }
        None => None,
    };
    let max_bytes = match raw.max_bytes {
        Some(size) => {
            let value = *size.get_ref();
            u64::try_from(value)
                .ok()
                .filter(|s| *s > 0)
                .ok_or_else(|| {
                    at(
                        size.span().start,
                        format!("save_max_bytes {value} must be a positive number of bytes"),
                    )
                })?
        }
        None => DEFAULT_SAVE_MAX_BYTES,
    };
    let timeout = match raw.timeout {
        Some(t) => {
            let seconds = match t.get_ref() {
                toml::Value::Integer(i) => Some(*i as f64),
                toml::Value::Float(f) => Some(*f),
                _ => None,
            };
            seconds
                .filter(|s| *s > 0.0 && *s <= MOST_SECONDS)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| {
                    at(
                        t.span().start,
                        format!(
                            "save_timeout {} must be a number of seconds above 0 and at most {MOST_SECONDS}",
                            t.get_ref()
                        ),
                    )
                })?
        }
        None => DEFAULT_SAVE_TIMEOUT,
    };
    let jobs = match raw.jobs {
        Some(j) => match j.get_ref() {
            toml::Value::Integer(n) if (1..=MOST_JOBS).contains(n) => *n as usize,
            other => {
                return Err(at(
                    j.span().start,
                    format!("save_jobs {other} must be a whole number from 1 to {MOST_JOBS}"),
                ));
            }
        },
        None => DEFAULT_SAVE_JOBS,
    };
    Ok(SaveKeys {
        dir,
        max_bytes,
        timeout,
        jobs,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/cfg/config.toml"))
    }

    #[test]
    fn the_save_keys_have_defaults() {
        let config = parse("").unwrap();
        assert_eq!(config.save_dir, None);
        assert_eq!(config.save_max_bytes, 10 * 1024 * 1024);
        assert_eq!(config.save_timeout, Duration::from_secs(20));
        assert_eq!(config.save_jobs, 4);
    }

    #[test]
    fn the_save_keys_are_read() {
        let text = "save_dir = \"/news/saved\"\nsave_max_bytes = 2048\nsave_timeout = 0.5\nsave_jobs = 1\n";
        let config = parse(text).unwrap();
        assert_eq!(config.save_dir, Some(PathBuf::from("/news/saved")));
        assert_eq!(config.save_max_bytes, 2048);
        assert_eq!(config.save_timeout, Duration::from_millis(500));
        assert_eq!(config.save_jobs, 1);
        assert_eq!(parse("save_jobs = 64\n").unwrap().save_jobs, 64);
        assert_eq!(
            parse("save_timeout = 30\n").unwrap().save_timeout,
            Duration::from_secs(30)
        );
    }

    #[test]
    fn bad_save_values_are_errors_that_point_at_them() {
        let err = parse("mouse = true\nsave_max_bytes = 0\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "error parsing /cfg/config.toml:2:18: save_max_bytes 0 must be a positive number of bytes"
        );
        let err = parse("save_timeout = \"soon\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "error parsing /cfg/config.toml:1:16: save_timeout \"soon\" must be a number of \
             seconds above 0 and at most 3600"
        );
        let err = parse("save_timeout = -1\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 16));
        let err = parse("save_dir = \"${NO_SUCH_TIDINGS_VARIABLE}/x\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 12));
        assert!(err.message.contains("NO_SUCH_TIDINGS_VARIABLE"), "{err}");
        let err = parse("\nsave_jobs = 0\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "error parsing /cfg/config.toml:2:13: save_jobs 0 must be a whole number from 1 to 64"
        );
        let err = parse("save_jobs = \"many\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "error parsing /cfg/config.toml:1:13: save_jobs \"many\" must be a whole number from 1 to 64"
        );
        for bad in ["65", "-2", "2.5"] {
            let err = parse(&format!("save_jobs = {bad}\n")).unwrap_err();
            assert_eq!((err.line, err.column), (1, 13), "{bad}");
        }
    }
}
