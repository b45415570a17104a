//! Safety rules for source paths and web addresses.
//!
//! A source `file` is relative to the timeline file's folder, uses `/`, and must stay inside that
//! folder. The lexical rules are checked here; the filesystem loader (`SourceFolder`) also
//! resolves links and refuses a file that really lies outside the folder.

/// Checks a source path lexically and returns its normalised form (`a/./b/../c.txt` → `a/c.txt`).
///
/// The error says, in plain words, what is wrong.
pub fn check_relative_path(path: &str) -> Result<String, String> {
    if path.trim().is_empty() {
        return Err("the source file path is empty".to_owned());
    }
    if path.contains('\0') {
        return Err("the source file path contains a NUL character".to_owned());
    }
    if path.contains('\\') {
        return Err(format!(
            "source file \"{path}\" uses \"\\\"; separate folders with \"/\""
        ));
    }
    let bytes = path.as_bytes();
    let has_drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if path.starts_with('/') || has_drive {
        return Err(format!(
            "source file \"{path}\" is an absolute path; give it relative to the timeline file's folder"
        ));
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!(
                        "source file \"{path}\" leaves the timeline file's folder; keep source texts inside it"
                    ));
                }
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return Err(format!("source file \"{path}\" names a folder, not a file"));
    }
    Ok(parts.join("/"))
}

/// Checks that a web address is a well-formed `http://` or `https://` URL.
pub fn check_url(text: &str) -> Result<(), String> {
    let parsed = url::Url::parse(text)
        .map_err(|err| format!("\"{text}\" is not a valid web address ({err})"))?;
    match parsed.scheme() {
        "http" | "https" if parsed.host().is_some() => Ok(()),
        "http" | "https" => Err(format!("\"{text}\" has no host name")),
        scheme => Err(format!(
            "\"{text}\" uses the \"{scheme}:\" scheme; only http:// and https:// addresses are allowed"
        )),
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_inside_the_folder_are_accepted_and_normalised() {
        assert_eq!(
            check_relative_path("sources/a.txt").unwrap(),
            "sources/a.txt"
        );
        assert_eq!(
            check_relative_path("./sources//a.txt").unwrap(),
            "sources/a.txt"
        );
        assert_eq!(
            check_relative_path("x/../sources/a.txt").unwrap(),
            "sources/a.txt"
        );
        assert_eq!(check_relative_path("café.txt").unwrap(), "café.txt");
    }

    #[test]
    fn paths_that_leave_the_folder_or_are_absolute_are_refused() {
        let cases = [
            ("../secret.txt", "leaves the timeline file's folder"),
            ("a/../../b.txt", "leaves the timeline file's folder"),
            ("/etc/passwd", "absolute path"),
            ("C:/Windows/win.ini", "absolute path"),
            ("c:relative.txt", "absolute path"),
            ("sources\\a.txt", "separate folders with \"/\""),
            ("", "empty"),
            ("  ", "empty"),
            ("a/..", "names a folder"),
            (".", "names a folder"),
            ("a\0b", "NUL"),
        ];
        for (path, expected) in cases {
            let err = check_relative_path(path).unwrap_err();
            assert!(err.contains(expected), "{path:?}: {err}");
        }
    }

    #[test]
    fn only_http_and_https_urls_are_allowed() {
        assert!(check_url("https://example.org/nsd23.pdf").is_ok());
        assert!(check_url("http://example.org").is_ok());
        assert!(check_url("HTTPS://EXAMPLE.ORG/").is_ok());
        for (url, expected) in [
            ("javascript:alert(1)", "\"javascript:\" scheme"),
            ("file:///etc/passwd", "\"file:\" scheme"),
            ("ftp://example.org/x", "\"ftp:\" scheme"),
            ("data:text/html,hi", "\"data:\" scheme"),
            ("example.org/page", "not a valid web address"),
            ("", "not a valid web address"),
            ("https://", "not a valid web address"),
        ] {
            let err = check_url(url).unwrap_err();
            assert!(err.contains(expected), "{url:?}: {err}");
        }
    }
}
