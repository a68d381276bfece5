package dev.herald.web;

import java.util.Collection;
import java.util.Set;
import org.springframework.core.CollectionFactory;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;
import org.springframework.util.StringUtils;

/**
 * The one check of every request parameter a handler takes as text: {@code @PathVariable},
 * {@code @RequestParam} and {@code @RequestHeader} values all pass through WebFlux's conversion
 * service on their way to the handler, and this converter is the one that service uses for text to
 * text and text to a list of text. So one rule covers every endpoint, present and future: no
 * control character (a NUL reached PostgreSQL: a 500). A refused value fails the binding and {@link
 * ParameterProblems} answers 400 naming the parameter. Parameters of other types ({@code Integer
 * limit}, {@code Boolean listed}) are refused by their own conversion, also named; the handler then
 * checks what the value means (a known cursor, a time through {@link TimeInput}).
 */
final class CheckedParameters implements ConditionalGenericConverter {

  @Override
  public Set<ConvertiblePair> getConvertibleTypes() {
    return Set.of(
        new ConvertiblePair(String.class, String.class),
        new ConvertiblePair(String.class, Collection.class));
  }

  @Override
  public boolean matches(TypeDescriptor sourceType, TypeDescriptor targetType) {
    if (targetType.getType() == String.class) {
      return true;
    }
    TypeDescriptor element = targetType.getElementTypeDescriptor();
    return element == null || element.getType() == String.class;
  }

  @Override
  public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
    if (source == null) {
      return null;
    }
    String value = (String) source;
    String problem = TextRules.problemInParameter(value);
    if (problem != null) {
      throw new RefusedParameterException(problem);
    }
    if (targetType.getType() == String.class) {
      return value;
    }
    // one value read as a list: comma-separated and trimmed, as Spring's own converter has it
    String[] parts = StringUtils.commaDelimitedListToStringArray(value);
    Collection<Object> list =
        CollectionFactory.createCollection(targetType.getType(), String.class, parts.length);
    for (String part : parts) {
      list.add(part.trim());
    }
    return list;
  }

  /** Why a parameter's value was refused, for {@link ParameterProblems}. */
  static final class RefusedParameterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    RefusedParameterException(String reason) {
      super(reason);
    }
  }
}
