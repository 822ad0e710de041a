//! The `kbgen` binary: all the work is in the library.

fn main() -> std::process::ExitCode {
    kbgen::cli::run()
}
