// GMLFormatTests/CppVerifier/verify_gml.cpp — runs the reference FlatBuffers C++ Verifier on .gml files.
// Built by ReferenceImplementationTests against `flatc --cpp schema/gml.fbs`.
#include <cstdio>
#include <vector>

#include "gml_generated.h"

// Prints "OK <file>" or "REJECTED <file>" per argument; exits 1 if any is rejected.
int main(int argc, char **argv) {
  int rejected = 0;
  for (int i = 1; i < argc; ++i) {
    std::FILE *f = std::fopen(argv[i], "rb");
    if (!f) {
      std::printf("UNREADABLE %s\n", argv[i]);
      ++rejected;
      continue;
    }
    std::vector<uint8_t> bytes;
    int c;
    while ((c = std::fgetc(f)) != EOF) bytes.push_back(static_cast<uint8_t>(c));
    std::fclose(f);
    flatbuffers::Verifier verifier(bytes.data(), bytes.size());
    bool ok = gml::ModelBufferHasIdentifier(bytes.data()) && gml::VerifyModelBuffer(verifier);
    std::printf("%s %s\n", ok ? "OK" : "REJECTED", argv[i]);
    if (!ok) ++rejected;
  }
  return rejected == 0 ? 0 : 1;
}
