// GMLCore/Version.swift — the version of gml that tools print and files record as producer_version.

/// The gml release: printed by `gml --version`, written into `.gml` metadata.
public let gmlVersion = "0.1.0"
