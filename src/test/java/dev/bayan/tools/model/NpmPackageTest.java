package dev.bayan.tools.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads tarballs made by GNU tar (our own fixtures): one in pax format, where a path over 100
 * characters travels in an extended header, one in ustar format, where it is split into prefix + name.
 */
class NpmPackageTest {
  private static final String DEEP = "dist/models/a-directory-name-long-enough-to-push-the-path/"
      + "past-one-hundred-characters-in-total/weights.bin";

  @ParameterizedTest
  @ValueSource(strings = {"tiny-package-pax.tgz", "tiny-package-ustar.tgz"})
  void readsFilesByTheirPathInsideThePackage(String fixture) throws Exception {
    NpmPackage pkg = NpmPackage.open(resource(fixture), p -> !p.equals("LICENSE"));

    assertThat(text(pkg.read("package.json"))).isEqualTo("{\"name\":\"tiny\",\"version\":\"1.0.0\"}\n");
    assertThat(text(pkg.read(DEEP))).isEqualTo("deep file\n");
    assertThat(pkg.exists("LICENSE")).as("filtered out").isFalse();
    assertThatThrownBy(() -> pkg.read("LICENSE")).isInstanceOf(NoSuchFileException.class);
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(NpmPackageTest.class.getResource(name).toURI());
  }

  private static String text(byte[] data) throws IOException {
    return new String(data, StandardCharsets.UTF_8);
  }
}
