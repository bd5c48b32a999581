//! The indexes the extension caches or ships (`Filters::to_bytes`, `Directory::to_bytes`) read
//! back whole, and any cut of them (a truncated download or cache entry, cut inside a UTF-8
//! character too) is refused with an error, never a panic; a foreign header is named in the error.
use brandlens::directory::Directory;
use brandlens::filters::Filters;

/// Every cut of `bytes` in its first and last KB, and some 500 spread between (a large index is
/// read whole at each cut).
fn cuts(bytes: &[u8]) -> Vec<usize> {
    let n = bytes.len();
    let mut cuts: Vec<usize> = (0..n.min(1024)).chain(n.saturating_sub(1024)..n).collect();
    let step = (n / 500).max(1);
    cuts.extend((0..n).step_by(step));
    // Inside multi-byte characters.
    cuts.extend((0..n).filter(|&i| bytes[i] >= 0xC0).take(200).map(|i| i + 1));
    cuts.sort_unstable();
    cuts.dedup();
    cuts.retain(|&c| c < n);
    cuts
}

fn every_cut_is_refused<T>(bytes: &[u8], read: impl Fn(&[u8]) -> Result<T, String>, what: &str) {
    assert!(read(bytes).is_ok(), "{what}: the whole index reads back");
    for cut in cuts(bytes) {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(&bytes[..cut]).err())) {
            Ok(Some(error)) => assert!(error.contains("unreadable"), "{what} cut at {cut}: {error}"),
            Ok(None) => panic!("{what} cut at {cut} of {} was read as whole", bytes.len()),
            Err(_) => panic!("{what} cut at {cut} of {} panicked", bytes.len()),
        }
    }
}

#[test]
fn cut_filter_indexes_are_refused() {
    let list = "##.ad-banner\n###sidebar-ad\nnu.nl##.nu-ad\n~a.nl,b.nl##.x > .y\n##div[data-ad]\n#@#.ad-banner\n\
                @@||a.nl^$generichide\n@@||b.nl/shop/$elemhide\ncafé.nl##.réclame\nstraße.de##.anzeige-ü\n";
    let small = Filters::from_lists(&[list]).to_bytes();
    assert!(small.iter().any(|&b| b >= 0xC0), "the small index holds multi-byte characters");
    every_cut_is_refused(&small, Filters::from_bytes, "small filter index");
    every_cut_is_refused(&Filters::bundled().to_bytes(), Filters::from_bytes, "bundled filter index");
}

#[test]
fn cut_directory_indexes_are_refused() {
    let small = Directory::parse("Albert Heijn\tQ1653985\tnsi\nCafé Nero\t\tnsi\nDéjà Vu Reizen\t\tnsi\nApple\t\tsp500\n").unwrap().to_bytes();
    assert!(small.iter().any(|&b| b >= 0xC0), "the small index holds multi-byte characters");
    every_cut_is_refused(&small, Directory::from_bytes, "small directory index");
    every_cut_is_refused(&Directory::bundled().to_bytes(), Directory::from_bytes, "bundled directory index");
}

#[test]
fn foreign_headers_are_named() {
    let error = Filters::from_bytes(b"brandlens cosmetic rules 1\n@simple-classes 0\n").unwrap_err();
    assert!(error.starts_with("compiled filter rules are unreadable: expected \"brandlens cosmetic rules 2\" first"), "{error}");
    let error = Directory::from_bytes(b"brandlens brand directory 0\n@brands 0\n").unwrap_err();
    assert!(error.starts_with("brand directory index unreadable: expected \"brandlens brand directory 1\" first"), "{error}");
    let error = Directory::from_bytes(&[0xC3]).unwrap_err();
    assert_eq!(error, "brand directory index unreadable: not text");
    let error = Filters::from_bytes(b"").unwrap_err();
    assert!(error.contains("expected \"brandlens cosmetic rules 2\" first"), "{error}");
}
