package dev.herald.web;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebInputException;

/**
 * What {@link ProblemHandler} says about a request WebFlux could not bind: which parameter, by the
 * name the client used ({@code Last-Event-ID}, not the Java parameter behind it), and why.
 */
final class ParameterProblems {

  private ParameterProblems() {}

  static String describe(ServerWebInputException input) {
    String reason = input.getReason() == null ? "" : input.getReason();
    if (reason.startsWith("No request body")) {
      return "The request body is missing";
    }
    if (input.getCause() instanceof DecodingException) {
      return "The request body could not be read";
    }
    MethodParameter parameter = input.getMethodParameter();
    if (parameter == null || parameter.getParameterName() == null) {
      return "The request is malformed";
    }
    String named = kind(parameter) + " '" + name(parameter) + "'";
    CheckedParameters.RefusedParameterException refused =
        ProblemHandler.find(input, CheckedParameters.RefusedParameterException.class);
    if (refused != null) {
      return named + " " + refused.getMessage();
    }
    TypeMismatchException mismatch = ProblemHandler.find(input, TypeMismatchException.class);
    if (mismatch != null && mismatch.getValue() instanceof String value) {
      String problem = TextRules.problemInParameter(value);
      if (problem != null) {
        return named + " " + problem;
      }
      return named
          + " has an invalid value '"
          + value
          + "'"
          + JsonProblems.expected(mismatch.getRequiredType());
    }
    return named + " is invalid";
  }

  private static String kind(MethodParameter parameter) {
    if (parameter.hasParameterAnnotation(PathVariable.class)) {
      return "Path variable";
    }
    if (parameter.hasParameterAnnotation(RequestHeader.class)) {
      return "Header";
    }
    if (parameter.hasParameterAnnotation(RequestParam.class)) {
      return "Query parameter";
    }
    return "Parameter";
  }

  private static String name(MethodParameter parameter) {
    String name = "";
    RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
    RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
    PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
    if (query != null) {
      name = query.name();
    } else if (header != null) {
      name = header.name();
    } else if (path != null) {
      name = path.name();
    }
    return name.isEmpty() ? parameter.getParameterName() : name;
  }
}
