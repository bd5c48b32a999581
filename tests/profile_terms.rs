//! A brand's own block and allow terms (plain text, one per line) change the judgement of that
//! brand's ads, end to end through `Engine::scan`, and nothing else.
use brandlens::profile::parse_keyword_list;
use brandlens::snapshot::{Block, Creative, Role, Slot};
use brandlens::{Engine, Profiles, Snapshot};

fn page(text: &str) -> Snapshot {
    Snapshot {
        url: "https://nieuws.example/artikel".into(),
        lang: Some("nl".into()),
        blocks: vec![Block { id: 0, text: text.into(), role: Role::Body, ..Default::default() }],
        slots: vec![Slot {
            id: "div-gpt-ad-1".into(),
            kind: "gpt".into(),
            order: 1,
            creative: Creative { click_urls: vec!["https://www.nikon.nl/actie".into()], ..Default::default() },
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn engine(block: &str, allow: &str) -> Engine {
    let profiles = serde_json::json!({
        "version": 1,
        "brands": [{ "name": "Nikon", "domains": ["nikon.nl"],
                     "block": parse_keyword_list(block), "allow": parse_keyword_list(allow) }]
    });
    let mut engine = Engine::new();
    engine.set_profiles(Profiles::from_json(&profiles.to_string()).unwrap());
    engine
}

#[test]
fn block_and_allow_terms_apply_to_the_brands_ads() {
    // (page text, block list, allow list, topic expected on the ad, topic that must not be there)
    let cases = [
        (
            "De gemeenteraad debatteert opnieuw over kernenergie en een nieuwe centrale aan de kust.",
            "# onze eigen lijst\nsocial-issues: kernenergie\n",
            "",
            Some("Z7rJBM"),
            None,
        ),
        ("Nieuwe bitcoinbeurs belooft snelle winst voor beleggers.", "bitcoinbeurs", "", Some("6i4dB6"), None),
        (
            "Het was een bloedbad in de uitverkoop: alle lenzen waren binnen een uur weg.",
            "",
            "bloedbad in de uitverkoop\n",
            None,
            Some("8FD8nI"),
        ),
    ];
    for (text, block, allow, present, absent) in cases {
        let report = engine(block, allow).scan(&page(text));
        let ad = &report.ads[0];
        assert_eq!(ad.profile.as_deref(), Some("Nikon"), "{text}");
        let ids: Vec<_> = ad.topics.iter().map(|t| t.id.as_str()).collect();
        if let Some(id) = present {
            assert!(ids.contains(&id), "{text}: {ids:?}");
            assert!(!report.topics.iter().any(|t| t.id == id), "a brand's terms stay out of the page's own topics: {text}");
        }
        if let Some(id) = absent {
            assert!(!ids.contains(&id), "{text}: {ids:?}");
        }
    }
}

#[test]
fn without_the_allow_term_the_phrase_fires() {
    let report = Engine::new().scan(&page("Het was een bloedbad in de uitverkoop: alle lenzen waren binnen een uur weg."));
    assert!(report.ads[0].topics.iter().any(|t| t.id == "8FD8nI"), "{:?}", report.ads[0].topics);
}

#[test]
fn figurative_murder_of_a_wallet_does_not_fire() {
    let engine = Engine::new();
    for (text, lang) in [
        ("Deze uitverkoop was een moord op mijn portemonnee, maar de nieuwe lens is prachtig.", "nl"),
        ("That sale was murder on my wallet, but the new lens is gorgeous.", "en"),
    ] {
        assert!(engine.judge_text(text, Some(lang)).is_empty(), "{text}");
    }
}
