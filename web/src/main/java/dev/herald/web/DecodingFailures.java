package dev.herald.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request Netty could not decode (a request line over {@code
 * server.netty.max-initial-line-length}, headers over {@code server.max-http-request-header-size},
 * a control character in a header) or Spring could not read as a URI (a control character or a
 * space in it) with problem+json, as every other refusal: Reactor Netty's and Spring's own answers
 * (414, 431, 400) have an empty body. Such a request never reaches WebFlux (there is no exchange to
 * hand to {@link ProblemHandler}), so this handler sits in the channel pipeline just before Reactor
 * Netty's {@value NettyPipeline#HttpTrafficHandler}, builds the document with {@link
 * ProblemHandler#document}, and closes the connection (the decoder cannot find the next request in
 * what follows), as Reactor Netty does.
 */
final class DecodingFailures extends ChannelInboundHandlerAdapter {

  static final String NAME = "herald.decodingFailures";

  private final JsonMapper json;
  private boolean failed;

  DecodingFailures(JsonMapper json) {
    this.json = json;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (failed) {
      ReferenceCountUtil.release(message);
      return;
    }
    if (message instanceof HttpObject http && http.decoderResult().isFailure()) {
      refuse(context, message, problem(http.decoderResult().cause()));
    } else if (message instanceof HttpRequest request && !isUri(request.uri())) {
      refuse(
          context,
          message,
          ApiException.badRequest(
              "The request URI is not a valid URI: a control character, a space or one of"
                  + " \"<>\\^`{|} must be percent-encoded, and a % start a %XX escape"));
    } else {
      context.fireChannelRead(message);
    }
  }

  private void refuse(ChannelHandlerContext context, Object message, ApiException problem) {
    failed = true;
    ReferenceCountUtil.release(message);
    context.writeAndFlush(response(problem)).addListener(ChannelFutureListener.CLOSE);
  }

  /**
   * Whether Spring will read {@code uri} as a {@link URI}; it answers a 400 with an empty body when
   * it cannot. The common case (printable ASCII, no escapes) is decided without parsing.
   */
  static boolean isUri(String uri) {
    boolean plain = true;
    for (int i = 0; i < uri.length() && plain; i++) {
      char c = uri.charAt(i);
      plain = c > 0x20 && c < 0x7f && "\"%<>\\^`{|}".indexOf(c) < 0;
    }
    if (plain) {
      return true;
    }
    try {
      new URI(uri);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static ApiException problem(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new ApiException(
          HttpStatus.URI_TOO_LONG, "uri_too_long", "The request line (method and URI) is too long");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new ApiException(
          HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "headers_too_large",
          "The request headers are too large");
    }
    return ApiException.badRequest(
        "The request is not valid HTTP/1.1 (e.g. a space or a control character in the URI, or a"
            + " malformed header)");
  }

  private FullHttpResponse response(ApiException problem) {
    byte[] body = json.writeValueAsBytes(ProblemHandler.document(problem, null));
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(problem.status().value()),
            Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }
}
