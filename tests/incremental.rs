//! Judging a changed page again with the block analyses kept from the last judgement
//! (`Engine::scan_with` and its `BlockCache`) gives exactly the report a fresh judgement gives.
use brandlens::judge::BlockCache;
use brandlens::snapshot::{Block, Creative, Role, Slot, Snapshot};
use brandlens::sentiment::Sentiment;
use brandlens::{html, Engine, Profiles};

fn page(name: &str) -> Snapshot {
    let path = format!("{}/tests/corpus/pages/{name}/page.html", env!("CARGO_MANIFEST_DIR"));
    html::read(&std::fs::read_to_string(&path).unwrap(), &format!("https://corpus.example/{name}"))
}

fn with_block(mut snapshot: Snapshot, text: &str) -> Snapshot {
    let id = snapshot.blocks.iter().map(|b| b.id).max().unwrap_or(0) + 1;
    snapshot.blocks.push(Block { id, text: text.into(), role: Role::Body, ..Default::default() });
    snapshot
}

fn with_first_block_changed(mut snapshot: Snapshot) -> Snapshot {
    let body = snapshot.blocks.iter_mut().find(|b| b.role == Role::Body).unwrap();
    body.text.push_str(" De verdachte is opgepakt voor moord.");
    snapshot
}

/// Enough English to outweigh a Dutch page, so blocks that show no language of their own are judged
/// in the page's new language.
fn with_english_majority(snapshot: Snapshot) -> Snapshot {
    (0..40).fold(snapshot, |s, i| with_block(s, &format!("Update {i}: the police said the investigation into the shooting is still going on and the suspect was arrested.")))
}

/// An engine with a brand profile: ads of that brand are judged with its own terms.
fn nikon_profiled() -> Engine {
    let mut engine = Engine::new();
    let nikon = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/profiles/nikon-kids.json")).unwrap();
    engine.set_profiles(Profiles::from_json(&nikon).unwrap());
    engine
}

/// A GPT slot before the block `order`, its creative clicking through to `click` (none when empty).
fn gpt_slot(id: &str, order: u32, click: &str) -> Slot {
    Slot {
        id: id.into(),
        kind: "gpt".into(),
        order,
        creative: Creative { click_urls: if click.is_empty() { vec![] } else { vec![click.into()] }, ..Default::default() },
        ..Default::default()
    }
}

#[test]
fn a_page_judged_again_with_kept_analyses_gets_the_fresh_report() {
    let zeden = page("nl-zedenzaak-rechtbank");
    let mut short = zeden.clone();
    short.blocks.iter_mut().for_each(|b| if b.text.split_whitespace().count() > 3 { b.text = "Meer nieuws".into() });
    let steps: Vec<(&str, Snapshot)> = vec![
        ("first judgement", zeden.clone()),
        ("the same again", zeden.clone()),
        ("a paragraph added", with_block(zeden.clone(), "Live: de rechter doet over twee weken uitspraak in de zedenzaak.")),
        ("a block's text changed", with_first_block_changed(zeden.clone())),
        ("the same text twice", with_block(with_block(zeden.clone(), "Lees ook"), "Lees ook")),
        ("the page's language changes", with_english_majority(short)),
        ("another page", page("en-gun-show-background-checks")),
        ("back to the first", zeden.clone()),
        ("an empty page", Snapshot { url: "https://corpus.example/empty".into(), ..Default::default() }),
        ("a French page", page("fr-feminicide-proces-assises")),
    ];
    for engine in [Engine::new(), nikon_profiled()] {
        let mut cache = BlockCache::default();
        for (step, snapshot) in &steps {
            let fresh = serde_json::to_value(engine.scan(snapshot)).unwrap();
            let again = serde_json::to_value(engine.scan_with(snapshot, &mut cache)).unwrap();
            assert_eq!(again, fresh, "{step}");
            assert!(cache.len() <= snapshot.blocks.len(), "{step}: the cache holds this page's blocks only");
        }
    }
}

/// A page kept in the engine and judged again from its changes alone (`Engine::scan_changes`, what
/// the extension's worker sends after the page changed) gets the report a fresh judgement of the
/// changed page gets: blocks added, a slot added, a slot's creative arriving, notes of what was left out.
#[test]
fn a_kept_page_judged_from_its_changes_gets_the_fresh_report() {
    use brandlens::engine::KeptPage;
    use brandlens::report::Skipped;
    use brandlens::snapshot::SnapshotChanges;
    let mut first = page("en-gun-show-background-checks");
    first.slots.push(gpt_slot("top", 0, ""));
    let next_id = first.blocks.iter().map(|b| b.id).max().unwrap() + 1;
    let paragraph = |id: u32, text: &str| Block { id, text: text.into(), role: Role::Body, ..Default::default() };
    let changes = vec![
        ("nothing", SnapshotChanges::default()),
        ("a paragraph added", SnapshotChanges { blocks: vec![paragraph(next_id, "The police are investigating a murder after a stabbing in the town centre.")], ..Default::default() }),
        ("a slot added beside it", SnapshotChanges { slots: vec![gpt_slot("late", next_id + 1, "https://www.nikon.nl/kids")], ..Default::default() }),
        ("a creative arrives", SnapshotChanges { slots: vec![gpt_slot("top", 0, "https://adclick.g.doubleclick.net/pcs/click?adurl=https://www.nikon.nl/kids")], ..Default::default() }),
        ("blocks and a note", SnapshotChanges {
            blocks: vec![paragraph(next_id + 1, "Lees ook"), paragraph(next_id + 2, "De politie onderzoekt een zedenzaak.")],
            skipped: Some(vec![Skipped { part: "text after the first 2000000 characters".into(), reason: "page text limit".into() }]),
            ..Default::default()
        }),
    ];
    for engine in [Engine::new(), nikon_profiled()] {
        let mut kept = KeptPage::default();
        let mut expected = first.clone();
        let report = engine.scan_kept(&mut kept, first.clone());
        assert_eq!(serde_json::to_value(report).unwrap(), serde_json::to_value(engine.scan(&expected)).unwrap(), "first judgement");
        for (step, change) in &changes {
            expected.apply(change.clone()).unwrap();
            let again = serde_json::to_value(engine.scan_changes(&mut kept, change.clone()).unwrap()).unwrap();
            assert_eq!(again, serde_json::to_value(engine.scan(&expected)).unwrap(), "{step}");
            assert_eq!(kept.snapshot(), &expected, "{step}");
        }
    }
}

/// Once the thread's vocabulary fills past its bound and is emptied, a kept page judged from its
/// changes still gets the fresh report: the kept blocks' words are looked up again.
#[test]
fn a_kept_page_judged_after_the_vocabulary_was_emptied_gets_the_fresh_report() {
    use brandlens::engine::KeptPage;
    use brandlens::snapshot::SnapshotChanges;
    let engine = nikon_profiled();
    let first = page("en-gun-show-background-checks");
    let mut expected = first.clone();
    let mut kept = KeptPage::default();
    engine.scan_kept(&mut kept, first);
    let next_id = expected.blocks.iter().map(|b| b.id).max().unwrap() + 1;
    for round in 0..3u32 {
        // More different words than the vocabulary holds (65,536): the next judgement empties it.
        let filler: String = (0..70_000).map(|i| format!("filler{round}x{i} ")).collect();
        brandlens::vocabulary::words(&filler);
        let text = format!("Update {round}: the police are investigating a murder after a stabbing in the town centre.");
        let change = SnapshotChanges {
            blocks: vec![Block { id: next_id + round, text, role: Role::Body, ..Default::default() }],
            ..Default::default()
        };
        expected.apply(change.clone()).unwrap();
        let again = serde_json::to_string(&engine.scan_changes(&mut kept, change).unwrap()).unwrap();
        assert_eq!(again, serde_json::to_string(&engine.scan(&expected)).unwrap(), "round {round}");
    }
}

/// Changes that remove, reorder and replace slots (listed by id, `SnapshotChanges::slot_ids`) get,
/// byte for byte, the report a fresh judgement of the page with just those slots gets; changes the
/// kept page cannot follow are refused and leave it as it was.
#[test]
fn a_kept_page_judged_after_slots_went_or_moved_gets_the_fresh_report() {
    use brandlens::engine::KeptPage;
    use brandlens::snapshot::SnapshotChanges;
    let nikon_click = "https://adclick.g.doubleclick.net/pcs/click?adurl=https://www.nikon.nl/kids";
    let mut first = page("nl-zedenzaak-rechtbank");
    let middle = first.blocks.len() as u32 / 2;
    let (top, mid, late) = (gpt_slot("top", 0, nikon_click), gpt_slot("mid", middle, ""), gpt_slot("late", middle + 1, "https://www.nikon.nl/kids"));
    first.slots = vec![top.clone(), mid.clone(), late.clone()];
    let replaced_top = gpt_slot("top", 0, "");
    let added = gpt_slot("added", 1, nikon_click);
    // (what, the page's slots after, the slots sent: new or changed)
    let steps: Vec<(&str, Vec<Slot>, Vec<Slot>)> = vec![
        ("the middle slot removed", vec![top.clone(), late.clone()], vec![]),
        ("reordered", vec![late.clone(), top.clone()], vec![]),
        ("one replaced, one added first, the order changed", vec![added.clone(), late.clone(), replaced_top.clone()], vec![replaced_top.clone(), added.clone()]),
        ("all removed", vec![], vec![]),
        ("two back, one as it was before", vec![mid.clone(), top.clone()], vec![top.clone(), mid.clone()]),
    ];
    for engine in [Engine::new(), nikon_profiled()] {
        let mut kept = KeptPage::default();
        engine.scan_kept(&mut kept, first.clone());
        for (step, slots, sent) in &steps {
            let ids = slots.iter().map(|s| s.id.clone()).collect();
            let change = SnapshotChanges { slots: sent.clone(), slot_ids: Some(ids), ..Default::default() };
            let expected = Snapshot { slots: slots.clone(), ..first.clone() };
            let again = serde_json::to_string(&engine.scan_changes(&mut kept, change).unwrap()).unwrap();
            assert_eq!(again, serde_json::to_string(&engine.scan(&expected)).unwrap(), "{step}");
            assert_eq!(kept.snapshot(), &expected, "{step}");
        }
        let before = kept.snapshot().clone();
        for refused in [vec!["gone"], vec!["top", "top"]] {
            let change = SnapshotChanges { slot_ids: Some(refused.iter().map(|id| id.to_string()).collect()), ..Default::default() };
            assert!(engine.scan_changes(&mut kept, change).is_err(), "{refused:?}");
            assert_eq!(kept.snapshot(), &before, "{refused:?}: the kept page is as it was");
        }
    }
}

/// Brand mentions read each block's cues and tone, which a kept page keeps with its blocks: judged
/// from its changes, and as another snapshot whose texts stand in other roles, a page's mentions
/// are those of a fresh judgement.
#[test]
fn a_kept_page_s_mentions_and_their_tone_are_those_of_a_fresh_judgement() {
    use brandlens::engine::KeptPage;
    use brandlens::snapshot::SnapshotChanges;
    let engine = nikon_profiled();
    let block = |id: u32, text: &str, role: Role| Block { id, text: text.into(), role, ..Default::default() };
    let title = "Nikon Recalls Cameras After Battery Fires";
    let complaint = "Customers are furious: the new Nikon camera is terrible and it broke after a week.";
    let praise = "I love my Nikon, it is a fantastic camera and the service was excellent.";
    let first = Snapshot {
        url: "https://news.example/nikon".into(),
        blocks: vec![block(0, title, Role::Title), block(1, complaint, Role::Body)],
        ..Default::default()
    };
    let mut kept = KeptPage::default();
    let fresh = |s: &Snapshot| serde_json::to_value(engine.scan(s)).unwrap();
    let report = engine.scan_kept(&mut kept, first.clone());
    assert!(report.mentions.iter().any(|m| m.sentiment != Sentiment::Neutral), "the page's mentions carry a tone: {:?}", report.mentions);
    assert_eq!(serde_json::to_value(&report).unwrap(), fresh(&first), "first judgement");

    let change = SnapshotChanges { blocks: vec![block(2, praise, Role::Comment)], ..Default::default() };
    let mut changed = first.clone();
    changed.apply(change.clone()).unwrap();
    assert_eq!(serde_json::to_value(engine.scan_changes(&mut kept, change).unwrap()).unwrap(), fresh(&changed), "a block added");

    // The same texts in other roles: a title's capitals are read differently from a body's.
    let other = Snapshot {
        url: "https://news.example/nikon-2".into(),
        blocks: vec![block(0, praise, Role::Body), block(1, title, Role::Body), block(2, complaint, Role::Heading)],
        ..Default::default()
    };
    assert_eq!(serde_json::to_value(engine.scan_kept(&mut kept, other.clone())).unwrap(), fresh(&other), "another snapshot");
}
