//! A web server on 127.0.0.1 for the tests of `tidings save`: canned answers by path,
//! one request per connection, stopped (and its slow answers released) when dropped.
//! Nothing here reaches beyond this machine.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the server answers for a path.
#[derive(Clone)]
pub enum Answer {
    /// A status line's code and reason, headers, and a body (sent with its length).
    Plain {
        status: &'static str,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// 200, `text/html`, `size` bytes of page with no length given, ended by closing.
    Endless { size: usize },
    /// Nothing until the server stops.
    Never,
}

impl Answer {
    pub fn html(content_type: &str, body: impl Into<Vec<u8>>) -> Answer {
        Answer::Plain {
            status: "200 OK",
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }
}

pub struct Server {
    pub base: String,
    stopping: Arc<(Mutex<bool>, Condvar)>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `routes` (path → answer) on a free port; unknown paths are 404.
    pub fn start(routes: Vec<(&'static str, Answer)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let stopping = Arc::new((Mutex::new(false), Condvar::new()));
        let routes = Arc::new(routes);
        let stop = Arc::clone(&stopping);
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if *stop.0.lock().unwrap() {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let routes = Arc::clone(&routes);
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || answer(stream, &routes, &stop));
            }
        });
        Server {
            base,
            stopping,
            accept: Some(accept),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        *self.stopping.0.lock().unwrap() = true;
        self.stopping.1.notify_all();
        // Wakes the accepting thread so that it sees the flag.
        let _ = TcpStream::connect(self.base.trim_start_matches("http://"));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn answer(stream: TcpStream, routes: &[(&'static str, Answer)], stop: &(Mutex<bool>, Condvar)) {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let found = routes
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, a)| a.clone());
    let mut stream = &stream;
    let answer = found.unwrap_or(Answer::Plain {
        status: "404 Not Found",
        headers: vec![("Content-Type", "text/html".into())],
        body: b"<html><body><p>No such page.</p></body></html>".to_vec(),
    });
    match answer {
        Answer::Plain {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Answer::Endless { size } => {
            let head = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let chunk = b"<p>words words words words words words words words</p>\n".repeat(64);
            let mut sent = 0;
            while sent < size {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
                sent += chunk.len();
            }
        }
        Answer::Never => {
            let (flag, wake) = stop;
            let mut stopping = flag.lock().unwrap();
            // Bounded, in case a test forgets to drop its server.
            while !*stopping {
                let (guard, timeout) = wake
                    .wait_timeout(stopping, Duration::from_secs(30))
                    .unwrap();
                stopping = guard;
                if timeout.timed_out() {
                    break;
                }
            }
        }
    }
}
