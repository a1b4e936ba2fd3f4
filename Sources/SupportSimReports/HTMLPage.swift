import Foundation

/// The frame of report.html: head, Content-Security-Policy, style sheet. The page must work
/// offline from an e-mail attachment, so everything is inline and fonts are the system's.
enum HTMLPage {
    /// Assembles the page. `data` is the JSON block, already escaped so it cannot close its
    /// `<script>` element (JSONValue escapes every `<`); `script` is the page's own code, which the
    /// CSP allows by its hash and nothing else may run.
    static func assemble(title: String, body: String, data: [UInt8], script: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + body.utf8.count + script.utf8.count + css.utf8.count + 1024)
        out += opening(title: title, body: body, script: script)
        out += data
        out += closing(script: script)
        return String(decoding: out, as: UTF8.self)
    }

    /// Everything before the JSON block: head, style, the sections, the block's opening tag.
    static func opening(title: String, body: String, script: String) -> [UInt8] {
        let csp = "default-src 'none'; script-src \(ScriptHash.cspSource(script)); style-src 'unsafe-inline'; "
            + "img-src data:; base-uri 'none'; form-action 'none'"
        var out: [UInt8] = []
        out += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(csp)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>\(Escape.html(title))</title>
            <style>\(css)</style>
            </head>
            <body>

            """.utf8
        out += body.utf8
        out += "\n<script type=\"application/json\" id=\"data\">".utf8
        return out
    }

    /// Everything after the JSON block: the page's script and the end of the document.
    static func closing(script: String) -> [UInt8] {
        Array("</script>\n<script>".utf8) + Array(script.utf8) + Array("</script>\n</body>\n</html>\n".utf8)
    }

    static let css = """
        :root{--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--bg:#f6f7fa;--card:#fff;--pass:#1a7f37;--fail:#c62828;
        --error:#8e24aa;--invalid:#6d4c41;--warn:#b26a00;--accent:#1f5fbf;--auto:#2e7d32;--assist:#e0a100;--ro:#8a93a3}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
        header,main>section{max-width:1200px;margin:0 auto;padding:12px 24px}
        header{padding-top:20px}
        h1{font-size:22px;margin:0 0 6px}
        h2{font-size:18px;margin:0 0 10px;padding-top:8px;border-top:1px solid var(--line)}
        .meta{color:var(--muted);font-size:13px}
        .verdict{display:inline-block;padding:6px 12px;border-radius:6px;font-weight:600;color:#fff;margin:6px 0}
        .verdict.pass{background:var(--pass)}.verdict.fail{background:var(--fail)}
        nav{position:sticky;top:0;z-index:2;background:var(--card);border-bottom:1px solid var(--line)}
        nav div{max-width:1200px;margin:0 auto;padding:6px 24px;display:flex;gap:14px;flex-wrap:wrap}
        nav a{color:var(--accent);text-decoration:none;font-size:13px}
        table{border-collapse:collapse;width:100%;background:var(--card);font-size:13px}
        th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        th{background:#eef1f6}
        td.num{text-align:right;white-space:nowrap}
        .badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
        .b-pass{background:var(--pass)}.b-fail{background:var(--fail)}.b-error{background:var(--error)}.b-invalid{background:var(--invalid)}
        .b-autonomous{background:var(--auto)}.b-assisted{background:var(--assist);color:#222}.b-read-only{background:var(--ro)}
        .b-critical{background:var(--fail)}.b-high{background:#e65100}.b-medium{background:var(--warn)}.b-low{background:var(--ro)}
        .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(205px,1fr));gap:10px}
        .tile{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--ro);border-radius:6px;padding:10px 12px}
        .tile.pass{border-left-color:var(--pass)}.tile.fail{border-left-color:var(--fail)}
        .tile .label{color:var(--muted);font-size:12px}
        .tile .value{font-size:24px;font-weight:650}
        .tile .ci,.tile .n{color:var(--muted);font-size:12px}
        .tile .gate{font-size:12px;font-weight:600}.tile.pass .gate{color:var(--pass)}.tile.fail .gate{color:var(--fail)}
        .tile .delta{font-size:12px;color:var(--muted)}.tile .delta.better{color:var(--pass)}.tile .delta.worse{color:var(--fail)}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:12px}
        figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px}
        figcaption{font-weight:600;margin-bottom:6px}
        svg{max-width:100%;height:auto;font-family:inherit}
        .empty{color:var(--muted);font-style:italic}
        .controls{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin-bottom:8px}
        .controls input,.controls select,button{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:4px;background:var(--card)}
        .controls input{min-width:260px}
        button{cursor:pointer;color:var(--accent)}
        details.conv{background:var(--card);border:1px solid var(--line);border-radius:4px;margin:3px 0}
        details.conv>summary{cursor:pointer;padding:6px 10px;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
        details.conv>summary .id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
        details.conv>summary .title{flex:1 1 240px}
        details.conv>summary .why{color:var(--fail);font-size:12px;flex-basis:100%;margin-left:60px}
        .chip{color:var(--muted);font-size:12px}
        .detail{padding:6px 14px 12px;border-top:1px solid var(--line)}
        .msg{border-radius:6px;padding:6px 10px;margin:6px 0;max-width:900px}
        .msg.customer{background:#eef3fb}.msg.agent{background:#f1f8ef;margin-left:40px}
        .msg .who{font-size:12px;color:var(--muted)}
        .text{white-space:pre-wrap;overflow-wrap:anywhere}
        ol.trace{margin:4px 0 0;padding-left:22px;font-size:12px;color:var(--muted)}
        pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:12px/1.35 ui-monospace,Menlo,Consolas,monospace;max-height:260px;overflow:auto}
        .reasons li{color:var(--fail)}
        #script-error{background:var(--fail);color:#fff;padding:8px 24px}
        @media print{
          nav,.controls,button.more,.noprint{display:none!important}
          body{background:#fff;font-size:11px}
          header,main>section{max-width:none;padding:6px 0}
          section{break-inside:auto}.tile,figure,tr{break-inside:avoid}
          .charts{grid-template-columns:1fr 1fr}
          details.conv:not([open])>summary .why{display:none}
          pre{max-height:none;overflow:visible}
        }
        """
}
