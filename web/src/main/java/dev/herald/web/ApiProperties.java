package dev.herald.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the HTTP API ({@code herald.api.*}).
 *
 * @param maxBodySize the largest request body accepted; larger ones get 413
 */
@ConfigurationProperties("herald.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize) {}
