//! Copies `static/` into `OUT_DIR` with the default theme's stylesheets and
//! scripts minified, so the binary embeds what sites serve while the
//! repository keeps the commented sources. A site's own `static/` files are
//! never touched: they are copied as they are.

use std::error::Error;
use std::fs;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=static");
    let out = Path::new(&std::env::var("OUT_DIR")?).join("static");
    if out.exists() {
        fs::remove_dir_all(&out)?;
    }
    copy_minified(Path::new("static"), &out)
}

type Minify = fn(&str) -> Result<String, String>;

fn copy_minified(from: &Path, to: &Path) -> Result<(), Box<dyn Error>> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let source = entry.path();
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_minified(&source, &target)?;
            continue;
        }
        let minify: Option<Minify> = match source.extension().and_then(|e| e.to_str()) {
            Some("css") => Some(|text| {
                minifier::css::minify(text)
                    .map(|css| css.to_string())
                    .map_err(str::to_owned)
            }),
            Some("js") => Some(|text| {
                minifier::js::minify(text)
                    .map(|js| js.to_string())
                    .map_err(str::to_owned)
            }),
            _ => None,
        };
        match minify {
            Some(minify) => {
                let text = fs::read_to_string(&source)?;
                let small = minify(&text).map_err(|e| format!("{}: {e}", source.display()))?;
                fs::write(&target, small)?;
            }
            None => {
                fs::copy(&source, &target)?;
            }
        }
    }
    Ok(())
}
