# Sourced by build.sh and tests/run.sh: picks the Rust toolchain for the wasm32 target and
# installs what a fresh machine lacks. Sets WASM_CARGO (array) and exports the environment it needs.
#
# A developer machine with `rustup target add wasm32-unknown-unknown` uses that target as it is.
# Where no wasm32 standard library can be downloaded, Debian's Rust (rustc-web, with its source)
# builds the standard library for wasm32 itself (-Zbuild-std) and links with LLVM's wasm-ld.

WASM_TARGET=wasm32-unknown-unknown

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

if rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
  WASM_CARGO=(cargo)
  WASM_BUILD_STD=()
else
  apt_install rustc-web cargo-web rust-web-src lld-22
  WASM_CARGO=(/usr/bin/cargo)
  WASM_BUILD_STD=(-Zbuild-std=std,panic_abort)
  # Cargo runs `rustc` from PATH, where rustup's proxy comes first: name Debian's explicitly.
  export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld
fi

# Runs cargo for the wasm32 target with the chosen toolchain: wasm_cargo build --release …
wasm_cargo() {
  local sub=$1
  shift
  "${WASM_CARGO[@]}" "$sub" --target "$WASM_TARGET" "${WASM_BUILD_STD[@]}" "$@"
}

# The wasm-bindgen CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
ensure_wasm_bindgen() {
  local version
  version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
    echo "==> installing wasm-bindgen-cli $version (about 3 minutes)" >&2
    cargo install wasm-bindgen-cli --version "$version" >&2
  fi
}

# Chromium, its driver and the npm packages the browser tests use.
ensure_test_tools() {
  apt_install chromium chromium-driver
  if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> installing npm packages" >&2
    npm ci --no-audit --no-fund >&2
  fi
}

# cargo-fuzz and a compiler that takes its -Z flags, for tools/fuzz.sh (not for build.sh): Debian's
# rustc, which accepts -Z flags with RUSTC_BOOTSTRAP=1, so the same compiler fuzzes on every machine.
# Debian's rustc ships no sanitizer runtimes, so the targets run without ASan (`--sanitizer none`):
# the code under test is safe Rust, and libFuzzer still finds panics, timeouts and memory blow-ups.
# Sets FUZZ_CARGO (array).
ensure_fuzz_tools() {
  apt_install rustc-web cargo-web g++
  if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz (about 3 minutes)" >&2
    cargo install cargo-fuzz --locked >&2
  fi
  FUZZ_CARGO=(env RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 /usr/bin/cargo)
}
