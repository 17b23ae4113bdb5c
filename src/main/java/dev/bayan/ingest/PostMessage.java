package dev.bayan.ingest;

import dev.bayan.error.BadInput;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * A post as it arrives on the posts topic:
 * {@code {"postId","authorId","space","image": base64}} or {@code {..., "imageUrl": "https://..."}}.
 * Exactly one of {@code image} and {@code imageUrl}.
 *
 * @param image the decoded bytes, or null when the image is to be fetched from {@code imageUrl}
 */
record PostMessage(CheckRequest request, byte[] image, String imageUrl) {

  /** Fails with {@link BadInput} for anything that retrying cannot fix. */
  static PostMessage parse(Buffer value) {
    JsonObject json;
    try {
      json = value == null ? null : new JsonObject(value);
    } catch (DecodeException e) {
      throw new BadInput("bad_json", "the message is not a JSON object");
    }
    if (json == null) throw new BadInput("bad_json", "the message is empty");
    try {
      CheckRequest request = CheckRequest.of(json.getString("postId"), json.getString("authorId"),
          json.getString("space"), "false");
      String inline = json.getString("image");
      String url = json.getString("imageUrl");
      if ((inline == null) == (url == null)) {
        throw new BadInput("missing_image", "send exactly one of image (base64) and imageUrl");
      }
      return new PostMessage(request, inline == null ? null : base64(inline), url);
    } catch (ClassCastException e) {
      throw new BadInput("bad_json", "postId, authorId, space, image and imageUrl must be strings");
    }
  }

  private static byte[] base64(String text) {
    try {
      // Line breaks are tolerated (MIME-style base64); any other stray character is an error.
      byte[] bytes = Base64.getDecoder().decode(text.indexOf('\n') < 0 ? text : text.replaceAll("\\s+", ""));
      if (bytes.length == 0) throw new BadInput("image_empty", "image is empty");
      return bytes;
    } catch (IllegalArgumentException e) {
      throw new BadInput("image_base64_invalid", "image is not valid base64");
    }
  }
}
