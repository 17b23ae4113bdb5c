package dev.bayan.config;

import java.util.List;

/**
 * Credentials. Empty values switch a check off (the embedded demo default); production sets them,
 * e.g. {@code BAYAN_SECURITY_ADMIN_TOKEN}.
 *
 * @param adminToken bearer token for /admin, the feed and dashboard actions
 * @param apiKeys keys accepted in {@code X-Api-Key} on the public check API; empty list = open
 */
public record SecurityConfig(String adminToken, List<String> apiKeys) {
  public SecurityConfig {
    adminToken = adminToken == null ? "" : adminToken;
    apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
  }
}
