package dev.bayan.tools.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsLiteralParserTest {

  @Test
  void readsTheLiteralsAMinifierWrites() {
    JsonNode v = JsLiteralParser.parse(
        "{a:!0,b:!1,c:.5,d:-.25,\"e\":[1,2e-3,-0],f:'it\\'s',g:null,h:void 0,i:{},j:[]}");

    assertThat(v.get("a").asBoolean()).isTrue();
    assertThat(v.get("b").asBoolean()).isFalse();
    assertThat(v.get("c").asDouble()).isEqualTo(0.5);
    assertThat(v.get("d").asDouble()).isEqualTo(-0.25);
    assertThat(v.get("e").get(0).isIntegralNumber()).isTrue();
    assertThat(v.get("e").get(1).asDouble()).isEqualTo(0.002);
    assertThat(v.get("f").asText()).isEqualTo("it's");
    assertThat(v.get("g").isNull()).isTrue();
    assertThat(v.get("h").isNull()).isTrue();
    assertThat(v.get("i").isEmpty()).isTrue();
    assertThat(v.get("j").isArray()).isTrue();
  }

  @Test
  void findsTheExportedValueInsideAUmdWrapper() {
    String module = "!function(e){module.exports=e()}(function(){return{1:[function(e,a,n){"
        + "a.exports={weights:[{name:\"k\",shape:[3,3]}]}},{}]}});";

    JsonNode v = JsLiteralParser.exportedValue(module);

    assertThat(v.get("weights").get(0).get("name").asText()).isEqualTo("k");
    assertThat(v.get("weights").get(0).get("shape").get(1).asInt()).isEqualTo(3);
  }

  @Test
  void reportsWhereTheTextIsNotALiteral() {
    assertThatThrownBy(() -> JsLiteralParser.parse("{a:foo}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("foo");
  }
}
