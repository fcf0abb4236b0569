// Fuzz/NPYFuzzer.swift — libFuzzer target `npy`: `NPY.read`, and the round trip of what it accepts.
import GMLCore
import GMLNumPy

/// libFuzzer's entry point: the input is a whole `.npy` file. What
/// `NPY.read` accepts must be written back by `NPY.write` into a file that
/// reads as the same array, whose typed accessor gives its elements.
/// - Parameters:
///   - data: the input bytes.
///   - size: their count.
/// - Returns: 0, as libFuzzer asks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let file = Array(UnsafeBufferPointer(start: data, count: size))
  guard let array = try? NPY.read(file) else { return 0 }
  guard let again = try? NPY.read(NPY.write(array)) else {
    fatalError("NPY.read refused what NPY.write wrote")
  }
  guard again == array else { fatalError("NPY.write then NPY.read changed the array") }
  let elements = try? array.shape.elementCount(limit: Int.max)
  guard elements.map({ $0 * array.type.byteSize == array.bytes.count }) ?? false else {
    fatalError("NPY.read returned an array whose bytes differ from its shape")
  }
  let counts = [
    array.float32Values()?.count, array.int8Values()?.count, array.uint8Values()?.count,
    array.int32Values()?.count, array.int64Values()?.count,
  ]
  for count in counts where count != nil && count != elements {
    fatalError("a typed accessor gave a different element count")
  }
  return 0
}
