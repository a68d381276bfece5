/**
 * Who may call what, decided by Spring Security on the request as the router sees it: a firewall
 * that refuses odd spellings of a URI before anything else, converters that read the three kinds of
 * credential (API key, admin token, stream token), and per-route rules that deny whatever they do
 * not name. Every refusal is problem+json.
 */
package dev.herald.api.security;
