//! The only module that knows about JavaScript: an opaque `BrandLens` handle for the extension's
//! service worker. Values cross as plain JS objects (serde-wasm-bindgen, JSON-compatible); errors
//! cross as JS `Error`s with a readable message.

use crate::{profile::Profiles, signatures::SIGNATURES_JSON, Engine, Snapshot};
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
}

#[wasm_bindgen]
impl BrandLens {
    /// Compiles the built-in lexicons.
    #[wasm_bindgen(constructor)]
    pub fn new() -> BrandLens {
        report_panics();
        BrandLens { engine: Engine::new() }
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

    /// Judges a page snapshot (see `docs/snapshot.md`) and returns its report.
    pub fn scan(&self, snapshot: JsValue) -> Result<JsValue, JsError> {
        let snapshot: Snapshot = serde_wasm_bindgen::from_value(snapshot)
            .map_err(|e| JsError::new(&format!("brandlens: malformed page snapshot: {e}")))?;
        to_js(&self.engine.scan(&snapshot))
    }

    /// Judges one text; `lang` is detected when absent.
    #[wasm_bindgen(js_name = judgeText)]
    pub fn judge_text(&self, text: &str, lang: Option<String>) -> Result<JsValue, JsError> {
        to_js(&self.engine.judge_text(text, lang.as_deref()))
    }

    /// The ad signatures (`data/ad_signatures.json`), for content scripts.
    pub fn signatures() -> String {
        SIGNATURES_JSON.to_string()
    }
}

impl Default for BrandLens {
    fn default() -> Self {
        Self::new()
    }
}
