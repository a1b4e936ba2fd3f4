/// The only script report.html runs (the CSP allows it by hash): Resources/report.js, compiled
/// into the module. It reads the JSON data block, lists the conversations a page at a time, and
/// builds a transcript's details only when its row is opened, so a 10,000-conversation report
/// opens as fast as a small one. Every value from the
/// data goes into the DOM through `textContent`: the page never parses data as HTML.
///
/// On success it appends `<div id="ok" data-ms="…">`; any uncaught error shows `<div id="script-error">`.
/// Tests and people can open a conversation with `#open=<id>#<trial>` in the URL.
enum HTMLScript {
    /// The file's text without its final newline: the CSP hash covers exactly what is inlined.
    static let source: String = {
        var text = String(decoding: PackageResources.report_js, as: UTF8.self)
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }()
}
