import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat
import Yams

/// An OpenAPI document decoded as OpenAPIKit's 3.1 model: a 3.0 document is read with
/// OpenAPIKit30 and converted; 3.1 (and 3.2) are read directly. The only file that knows both.
enum OpenAPIDecoding {
    static func document(_ source: SourceDocument) throws(ToolImportError) -> (OpenAPIKit.OpenAPI.Document, version: String) {
        guard let versionNode = SourceDocument.value(source.root, "openapi"), case .scalar(let scalar) = versionNode else {
            throw ToolImportError(file: source.file, line: source.root.mark?.line, column: source.root.mark?.column,
                                  "expected `openapi: 3.x` at the top of an OpenAPI document")
        }
        let version = scalar.string
        let place = (versionNode.mark?.line, versionNode.mark?.column)
        // Vendor extensions are not needed, and decoding them reads each schema's subtree again.
        // (OpenAPIKit30's key is the same key.)
        let userInfo: [CodingUserInfoKey: Any] = [OpenAPIKit.VendorExtensionsConfiguration.enabledKey: false]
        do {
            if version.hasPrefix("3.0.") {
                let old = try YAMLDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: source.root, userInfo: userInfo)
                return (old.convert(to: .v3_1_1), version)
            }
            if version.hasPrefix("3.1.") || version.hasPrefix("3.2.") {
                return (try YAMLDecoder().decode(OpenAPIKit.OpenAPI.Document.self, from: source.root, userInfo: userInfo), version)
            }
        } catch {
            let described = OpenAPIKit.OpenAPI.Error(from: error)
            let at = source.place(of: described.codingPath)
            throw ToolImportError(file: source.file, line: at?.line, column: at?.column,
                                  "not a valid OpenAPI \(version) document: \(described.localizedDescription)")
        }
        throw ToolImportError(file: source.file, line: place.0, column: place.1,
                              "OpenAPI \"\(version.prefix(40))\" is not supported; expected 3.0.x or 3.1.x")
    }
}
