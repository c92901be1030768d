#!/usr/bin/env python3
"""Writes the trimmed Microsoft Graph metadata extract the contract test checks against.

Reads msgraph-metadata's schemas/v1.0-Prod.csdl (https://github.com/microsoftgraph/msgraph-metadata,
MIT licensed) and writes src/main/resources/graph-metadata/graph-v1.0-extract.json: the entity and
complex types hardmatch and its tenant emulator touch (properties, navigation properties, base
type), and the entity sets and singletons their paths start from.

beta-Prod.csdl is not used: the one beta-only property hardmatch reads, the user's
onPremisesObjectIdentifier, is recorded under "betaOnly" with its documentation source.

Usage:
  ci/graph-metadata/extract.py CSDL [COMMIT] > src/main/resources/graph-metadata/graph-v1.0-extract.json
  e.g. git -C msgraph-metadata show HEAD:schemas/v1.0-Prod.csdl > /tmp/v1.csdl
       ci/graph-metadata/extract.py /tmp/v1.csdl "$(git -C msgraph-metadata rev-parse HEAD)"
"""
import json
import sys
import xml.etree.ElementTree as ET

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
NAMESPACE = "microsoft.graph"

ENTITY_TYPES = [
    "entity",
    "directoryObject",
    "user",
    "group",
    "organization",
    "directory",
    "roleManagement",
    "rbacApplication",
    "unifiedRoleAssignment",
    "unifiedRoleScheduleInstanceBase",
    "unifiedRoleEligibilityScheduleInstance",
    "onPremisesDirectorySynchronization",
]
COMPLEX_TYPES = [
    "verifiedDomain",
    "assignedLicense",
    "onPremisesDirectorySynchronizationFeature",
    "onPremisesDirectorySynchronizationConfiguration",
]
BOUND_ACTIONS = ["restore"]
ENTRY_POINTS = ["users", "groups", "organization", "directory", "roleManagement", "directoryObjects"]

BETA_ONLY = {
    "user": {
        "onPremisesObjectIdentifier": {
            "type": "Edm.String",
            "source": "https://learn.microsoft.com/graph/api/resources/user?view=graph-rest-beta",
            "note": "not in v1.0-Prod.csdl; beta-Prod.csdl was not in the snapshot used",
        }
    }
}


def members(element):
    props = [p.get("Name") for p in element.findall(EDM + "Property")]
    navs = {n.get("Name"): n.get("Type") for n in element.findall(EDM + "NavigationProperty")}
    out = {"properties": props}
    if navs:
        out["navigationProperties"] = navs
    if element.get("BaseType"):
        out["baseType"] = element.get("BaseType").replace("graph.", NAMESPACE + ".")
    return out


def main():
    csdl = sys.argv[1]
    commit = sys.argv[2] if len(sys.argv) > 2 else None
    root = ET.parse(csdl).getroot()
    schema = next(s for s in root.iter(EDM + "Schema") if s.get("Namespace") == NAMESPACE)
    entities = {e.get("Name"): e for e in schema.findall(EDM + "EntityType")}
    complexes = {c.get("Name"): c for c in schema.findall(EDM + "ComplexType")}
    container = schema.find(EDM + "EntityContainer")
    entry_points = {}
    for child in container:
        name = child.get("Name")
        if name in ENTRY_POINTS:
            kind = child.tag.replace(EDM, "")
            entry_points[name] = {"kind": kind, "type": child.get("EntityType") or child.get("Type")}
    actions = {}
    for a in schema.findall(EDM + "Action"):
        if a.get("Name") in BOUND_ACTIONS and a.get("IsBound") == "true":
            binding = a.find(EDM + "Parameter").get("Type").replace("graph.", NAMESPACE + ".")
            actions.setdefault(a.get("Name"), []).append(binding)
    out = {
        "source": {
            "repository": "https://github.com/microsoftgraph/msgraph-metadata",
            "file": "schemas/v1.0-Prod.csdl",
            "commit": commit,
            "license": "MIT, see LICENSE-msgraph-metadata.txt beside this file",
            "writtenBy": "ci/graph-metadata/extract.py",
        },
        "entryPoints": entry_points,
        "entityTypes": {n: members(entities[n]) for n in ENTITY_TYPES},
        "complexTypes": {n: members(complexes[n]) for n in COMPLEX_TYPES},
        "boundActions": actions,
        "betaOnly": BETA_ONLY,
    }
    json.dump(out, sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
