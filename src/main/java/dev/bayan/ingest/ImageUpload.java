package dev.bayan.ingest;

import dev.bayan.error.BadInput;
import dev.bayan.error.UnsupportedMedia;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Reads an uploaded image from a request that went through a BodyHandler (checks, bank entries). */
public final class ImageUpload {
  private ImageUpload() {}

  /** The image: the multipart part named {@code image}, or the whole body for image/* requests. */
  public static Future<byte[]> bytes(Vertx vertx, RoutingContext ctx) {
    String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase();
    if (type.startsWith("multipart/form-data")) {
      List<FileUpload> parts = ctx.fileUploads().stream().filter(f -> "image".equals(f.name())).toList();
      if (parts.isEmpty()) {
        return Future.failedFuture(new BadInput("missing_image", "multipart request has no 'image' part"));
      }
      return vertx.fileSystem().readFile(parts.get(0).uploadedFileName()).map(b -> b.getBytes());
    }
    if (!type.startsWith("image/") && !type.startsWith("application/octet-stream")) {
      return Future.failedFuture(new UnsupportedMedia("unsupported_media_type",
          "send an image (image/jpeg, image/png, image/gif, image/webp, image/bmp) as the body"
              + " or as multipart part 'image'"));
    }
    byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    if (bytes.length == 0) return Future.failedFuture(new BadInput("image_empty", "the request body is empty"));
    return Future.succeededFuture(bytes);
  }
}
