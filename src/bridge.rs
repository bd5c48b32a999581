//! The only module that knows about JavaScript: an opaque `BrandLens` handle for the extension's
//! service worker. Values cross as plain JS objects (serde-wasm-bindgen, JSON-compatible); errors
//! cross as JS `Error`s with a readable message.

use crate::engine::KeptPage;
use crate::snapshot::SnapshotChanges;
use crate::{directory::Directory, filters::Filters, profile::Profiles, signatures::SIGNATURES_JSON, Engine, Snapshot};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("brandlens: cannot hand over the result: {e}")))
}

/// Reports a panic on the console before the module aborts, so the worker can restart the engine.
fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("brandlens engine panicked: {info}").into());
    }));
}

/// The engine, held by the service worker for as long as it lives.
#[wasm_bindgen]
pub struct BrandLens {
    engine: Engine,
    /// The last page judged, with its block analyses: a page that changed is judged again without
    /// analysing its unchanged blocks again (see `crate::judge`), and from its changes alone when
    /// it is the page kept here (`scanChanges`).
    page: KeptPage,
    /// Whose page `page` is, as the caller of `scan` named it (the worker: its tab).
    page_key: Option<String>,
}

#[wasm_bindgen]
impl BrandLens {
    /// Compiles the built-in lexicons.
    #[wasm_bindgen(constructor)]
    pub fn new() -> BrandLens {
        report_panics();
        BrandLens { engine: Engine::new(), page: KeptPage::default(), page_key: None }
    }

    /// Replaces the brand profiles from their JSON. On error the profiles in use stay as they were,
    /// and the message names the problem. Returns the number of brands.
    #[wasm_bindgen(js_name = setProfiles)]
    pub fn set_profiles(&mut self, json: &str) -> Result<usize, JsError> {
        let profiles = Profiles::from_json(json).map_err(|e| JsError::new(&e))?;
        let count = profiles.brands.len();
        self.engine.set_profiles(profiles);
        Ok(count)
    }

    /// The profiles in use, as a JS object.
    pub fn profiles(&self) -> Result<JsValue, JsError> {
        to_js(self.engine.profiles())
    }

    /// Judges a page snapshot (see `docs/snapshot.md`) and returns its report. The page is kept
    /// under the name `page` (when given) for `scanChanges`.
    pub fn scan(&mut self, snapshot: JsValue, page: Option<String>) -> Result<JsValue, JsError> {
        self.page_key = None;
        let snapshot: Snapshot = serde_wasm_bindgen::from_value(snapshot)
            .map_err(|e| JsError::new(&format!("brandlens: malformed page snapshot: {e}")))?;
        let report = self.engine.scan_kept(&mut self.page, snapshot);
        self.page_key = page;
        to_js(&report)
    }

    /// Judges the page kept under the name `page` after its changes (`{blocks, slots, slotIds,
    /// skipped}`: `SnapshotChanges`) and returns its report, the same as `scan` of the changed page
    /// gives. Returns `undefined` when the page kept is not `page`'s (another page was judged
    /// since): then `scan` the whole page. Changes that do not fit the page kept (a slot id listed
    /// twice, or neither kept nor sent) are an error, and the page kept stays as it was.
    #[wasm_bindgen(js_name = scanChanges)]
    pub fn scan_changes(&mut self, page: &str, changes: JsValue) -> Result<JsValue, JsError> {
        if self.page_key.as_deref() != Some(page) {
            return Ok(JsValue::UNDEFINED);
        }
        let changes: SnapshotChanges = serde_wasm_bindgen::from_value(changes)
            .map_err(|e| JsError::new(&format!("brandlens: malformed page changes: {e}")))?;
        let report = self
            .engine
            .scan_changes(&mut self.page, changes)
            .map_err(|e| JsError::new(&format!("brandlens: page changes refused: {e}")))?;
        to_js(&report)
    }

    /// Forgets the page kept, its block analyses with it: the next scan analyses every block afresh
    /// and `scanChanges` answers `undefined` (benchmarks time a full judgement this way; the worker
    /// calls it when the page's tab closes).
    #[wasm_bindgen(js_name = forgetPage)]
    pub fn forget_page(&mut self) {
        self.page = KeptPage::default();
        self.page_key = None;
    }

    /// Judges one text; `lang` is detected when absent.
    #[wasm_bindgen(js_name = judgeText)]
    pub fn judge_text(&self, text: &str, lang: Option<String>) -> Result<JsValue, JsError> {
        to_js(&self.engine.judge_text(text, lang.as_deref()))
    }

    /// Replaces the brand directory from its indexed form (`brandlens directory`, see
    /// `crate::directory`); returns its size.
    #[wasm_bindgen(js_name = setDirectory)]
    pub fn set_directory(&mut self, bytes: &[u8]) -> Result<usize, JsError> {
        let directory = Directory::from_bytes(bytes).map_err(|e| JsError::new(&e))?;
        let count = directory.len();
        self.engine.set_directory(directory);
        Ok(count)
    }

    /// The ad signatures (`data/ad_signatures.json`), for content scripts.
    pub fn signatures() -> String {
        SIGNATURES_JSON.to_string()
    }
}

/// EasyList cosmetic rules, compiled (see `crate::filters`); held by the worker next to the engine.
#[wasm_bindgen]
pub struct CosmeticFilters {
    filters: Filters,
}

#[wasm_bindgen]
impl CosmeticFilters {
    /// Loads rules compiled by `brandlens filters` (or [`CosmeticFilters::to_bytes`]).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &[u8]) -> Result<CosmeticFilters, JsError> {
        Filters::from_bytes(bytes).map(|filters| CosmeticFilters { filters }).map_err(|e| JsError::new(&e))
    }

    /// Compiles list texts (Adblock Plus syntax), e.g. lists refreshed from their public URLs.
    #[wasm_bindgen(js_name = fromLists)]
    pub fn from_lists(lists: Vec<String>) -> CosmeticFilters {
        CosmeticFilters { filters: Filters::from_lists(&lists.iter().map(String::as_str).collect::<Vec<_>>()) }
    }

    /// The compiled form, for caching.
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.filters.to_bytes()
    }

    /// The selectors that apply to a page with these class names and ids.
    pub fn selectors(&self, url: &str, classes: Vec<String>, ids: Vec<String>) -> Vec<String> {
        self.filters.selectors_for(url, &classes, &ids)
    }
}

impl Default for BrandLens {
    fn default() -> Self {
        Self::new()
    }
}
