package dev.bayan.tools.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte-exact checks of the wire format against the encodings the protobuf documentation gives. */
class ProtoWriterTest {

  @Test
  void varintsUseSevenBitGroupsLeastSignificantFirst() {
    assertThat(hex(new ProtoWriter().varint(1))).isEqualTo("01");
    assertThat(hex(new ProtoWriter().varint(300))).isEqualTo("ac02");
    assertThat(hex(new ProtoWriter().varint(1L << 35))).isEqualTo("8080808080 01".replace(" ", ""));
  }

  @Test
  void negativeIntegersTakeTenBytes() {
    assertThat(hex(new ProtoWriter().int64(1, -1))).isEqualTo("08ffffffffffffffffff01");
  }

  @Test
  void scalarFieldsCarryTheirTag() {
    assertThat(hex(new ProtoWriter().int64(1, 150))).isEqualTo("089601");
    assertThat(hex(new ProtoWriter().float32(2, 1.0f))).isEqualTo("150000803f");
  }

  @Test
  void lengthDelimitedFieldsCarryTheirLength() {
    assertThat(hex(new ProtoWriter().string(2, "testing"))).isEqualTo("120774657374696e67");
    assertThat(hex(new ProtoWriter().message(3, new ProtoWriter().int64(1, 150)))).isEqualTo("1a03089601");
  }

  @Test
  void tensorProtoHasDimsTypeNameAndLittleEndianRawData() {
    var tensor = TensorProto.int64s("p", new long[] {2}, 1, 258);
    assertThat(hex(tensor.encode())).isEqualTo(
        "0802" + "1007" + "420170" + "4a10" + "0100000000000000" + "0201000000000000");
  }

  @Test
  void attributeProtoEndsWithItsType() {
    assertThat(hex(AttributeProto.ofInts("axes", 1, 2).encode())).isEqualTo("0a0461786573" + "4001" + "4002" + "a00107");
  }

  private static String hex(ProtoWriter w) {
    return HexFormat.of().formatHex(w.toByteArray());
  }
}
