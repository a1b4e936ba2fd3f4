import Foundation
import OpenAPIKit
import Yams

/// Follows a schema's `$ref` inside the document: `#/components/schemas/X` through the
/// document's components, any other pointer (`#/$defs/X`, `#/definitions/X`) through the file's
/// own tree. References to other files are not followed.
final class SchemaResolver {
    private let components: OpenAPI.Components
    private let root: Node?
    private var decoded: [String: JSONSchema?] = [:]

    init(components: OpenAPI.Components = .noComponents, root: Node?) {
        self.components = components
        self.root = root
    }

    func resolve(_ reference: JSONReference<JSONSchema>) -> JSONSchema? {
        guard case .internal(let internalReference) = reference else { return nil }
        switch internalReference {
        case .component:
            guard let found = try? components.lookupOnce(reference) else { return nil }
            return found.flattenToJsonSchema()
        case .path:
            let key = reference.absoluteString
            if let known = decoded[key] { return known }
            let schema = node(at: key).flatMap { try? Self.decoder.decode(JSONSchema.self, from: $0, userInfo: Self.userInfo) }
            decoded[key] = schema
            return schema
        }
    }

    static var decoder: YAMLDecoder { YAMLDecoder() }
    /// Vendor extensions are not needed, and decoding them reads each schema's subtree again.
    static var userInfo: [CodingUserInfoKey: Any] { [VendorExtensionsConfiguration.enabledKey: false] }

    /// The value a JSON pointer (`#/a/b~1c/0`) leads to.
    private func node(at pointer: String) -> Node? {
        guard pointer.hasPrefix("#") else { return nil }
        var node = root
        for token in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = (String(token).removingPercentEncoding ?? String(token))
                .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .mapping(let pairs)?: node = pairs.first { $0.key.string == key }?.value
            case .sequence(let items)?:
                guard let i = Int(key), i >= 0, i < items.count else { return nil }
                node = items[i]
            default: return nil
            }
        }
        return node
    }
}
