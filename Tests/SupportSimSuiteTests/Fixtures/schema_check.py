"""Validate JSON documents against SupportSim's committed JSON Schemas with python-jsonschema,
a validator SupportSim did not write, and print one verdict per file.

usage: schema_check.py SCHEMAS_DIR LIST_FILE
LIST_FILE holds one "SCHEMA_FILE<TAB>JSON_FILE" per line; a JSON_FILE that does not exist stands
for a document that is not YAML at all, which no schema accepts. Output, one line per input line:
"valid<TAB>JSON_FILE" or "invalid<TAB>JSON_FILE<TAB>first error".
"""
import json
import os
import sys

import jsonschema


def main():
    schemas_dir, list_file = sys.argv[1], sys.argv[2]
    validators = {}
    with open(list_file, encoding="utf-8") as f:
        pairs = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for schema_file, json_file in pairs:
        if schema_file not in validators:
            with open(os.path.join(schemas_dir, schema_file), encoding="utf-8") as s:
                schema = json.load(s)
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validators[schema_file] = cls(schema)
        if not os.path.exists(json_file):
            print(f"invalid\t{json_file}\tnot YAML")
            continue
        with open(json_file, encoding="utf-8") as j:
            document = json.load(j)
        error = jsonschema.exceptions.best_match(validators[schema_file].iter_errors(document))
        if error is None:
            print(f"valid\t{json_file}")
        else:
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"invalid\t{json_file}\t{where}: {error.message[:200]}")


if __name__ == "__main__":
    main()
