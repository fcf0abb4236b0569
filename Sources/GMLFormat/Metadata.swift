// GMLFormat/Metadata.swift — view of the producer, source digest, calibration summary and free entries.
import GMLCore
import GMLFlatBuffers

/// The metadata of a verified model.
public struct Metadata {
  let view: BufferView
  let table: Table

  /// Decodes every field.
  public var definition: MetadataDefinition {
    var calibration: CalibrationSummary?
    if let c = view.table(table, slot: Slot.Metadata.calibration) {
      calibration = CalibrationSummary(
        method: view.string(c, slot: Slot.CalibrationSummary.method) ?? "",
        sampleCount: view.scalar(c, slot: Slot.CalibrationSummary.sampleCount, default: 0),
        percentile: view.scalar(c, slot: Slot.CalibrationSummary.percentile, default: 0),
        source: view.string(c, slot: Slot.CalibrationSummary.source) ?? "")
    }
    var entries: [MetadataEntry] = []
    for i in 0..<view.vectorCount(table, slot: Slot.Metadata.entries) {
      let e = view.vectorTable(table, slot: Slot.Metadata.entries, at: i)
      entries.append(
        MetadataEntry(
          key: view.string(e, slot: Slot.KeyValue.key) ?? "",
          value: view.string(e, slot: Slot.KeyValue.value) ?? ""))
    }
    return MetadataDefinition(
      producer: view.string(table, slot: Slot.Metadata.producer) ?? "",
      producerVersion: view.string(table, slot: Slot.Metadata.producerVersion) ?? "",
      sourceDigest: view.string(table, slot: Slot.Metadata.sourceDigest) ?? "",
      sourceName: view.string(table, slot: Slot.Metadata.sourceName) ?? "",
      calibration: calibration, entries: entries)
  }
}
