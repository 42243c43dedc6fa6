package io.timonel.plugins.ingress.routing;

import static io.timonel.plugins.ingress.routing.Ingresses.exact;
import static io.timonel.plugins.ingress.routing.Ingresses.implementationSpecific;
import static io.timonel.plugins.ingress.routing.Ingresses.ingress;
import static io.timonel.plugins.ingress.routing.Ingresses.prefix;
import static io.timonel.plugins.ingress.routing.Ingresses.prefixToNamedPort;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    /** The service a request for {@code host} and {@code path} reaches, or "404". */
    private static String serviceFor(RouteTable table, String host, String path) {
        Route route = table.route(host, path);
        return route instanceof Route.To to ? to.backend().service() : "404";
    }

    private static RouteTable table(Ingress... ingresses) {
        return RouteTable.of(List.of(ingresses));
    }

    @Test
    void anExactHostRoutesOnlyThatHost() {
        RouteTable t = table(ingress("a").rule("foo.example.com", prefix("/", "foo", 80)).build());

        assertEquals("foo", serviceFor(t, "foo.example.com", "/"));
        assertEquals("404", serviceFor(t, "bar.example.com", "/"));
        assertEquals("404", serviceFor(t, null, "/"));
    }

    @Test
    void hostsCompareWithoutCasePortOrTrailingDot() {
        RouteTable t = table(ingress("a").rule("foo.example.com", prefix("/", "foo", 80)).build());

        assertEquals("foo", serviceFor(t, "FOO.Example.COM:8080", "/"));
        assertEquals("foo", serviceFor(t, "foo.example.com.", "/"));
    }

    @Test
    void aWildcardHostCoversExactlyOneMoreLabel() {
        RouteTable t = table(ingress("a").rule("*.example.com", prefix("/", "wild", 80)).build());

        assertEquals("wild", serviceFor(t, "bar.example.com", "/"));
        assertEquals("404", serviceFor(t, "example.com", "/"));
        assertEquals("404", serviceFor(t, "baz.bar.example.com", "/"));
    }

    @Test
    void anExactHostBeatsAWildcardWhichBeatsRulesWithoutHost() {
        RouteTable t = table(ingress("a")
                .rule("*.example.com", prefix("/", "wild", 80))
                .rule("foo.example.com", prefix("/", "foo", 80))
                .rule(null, prefix("/", "any", 80)).build());

        assertEquals("foo", serviceFor(t, "foo.example.com", "/"));
        assertEquals("wild", serviceFor(t, "bar.example.com", "/"));
        assertEquals("any", serviceFor(t, "other.org", "/"));
        assertEquals("any", serviceFor(t, null, "/x"));
    }

    @Test
    void theChosenHostIsFinalEvenWhenNoneOfItsPathsMatches() {
        RouteTable t = table(ingress("a")
                .rule("foo.example.com", prefix("/api", "api", 80))
                .rule(null, prefix("/", "any", 80)).build());

        assertEquals("404", serviceFor(t, "foo.example.com", "/web"));
    }

    @Test
    void exactMatchesTheWholePathOnly() {
        RouteTable t = table(ingress("a").rule("h", exact("/foo", "foo", 80)).build());

        assertEquals("foo", serviceFor(t, "h", "/foo"));
        assertEquals("404", serviceFor(t, "h", "/foo/"));
        assertEquals("404", serviceFor(t, "h", "/foo/bar"));
        assertEquals("404", serviceFor(t, "h", "/FOO"));
    }

    @Test
    void prefixMatchesElementWiseNotCharacterWise() {
        RouteTable t = table(ingress("a").rule("h", prefix("/foo/bar", "foo", 80)).build());

        assertEquals("foo", serviceFor(t, "h", "/foo/bar"));
        assertEquals("foo", serviceFor(t, "h", "/foo/bar/"));
        assertEquals("foo", serviceFor(t, "h", "/foo/bar/baz"));
        assertEquals("404", serviceFor(t, "h", "/foo/barbaz"));
        assertEquals("404", serviceFor(t, "h", "/foo"));
    }

    @Test
    void aTrailingSlashOnThePrefixDoesNotCount() {
        RouteTable t = table(ingress("a").rule("h", prefix("/foo/", "foo", 80)).build());

        assertEquals("foo", serviceFor(t, "h", "/foo"));
        assertEquals("foo", serviceFor(t, "h", "/foo/x"));
        assertEquals("404", serviceFor(t, "h", "/foox"));
    }

    @Test
    void prefixSlashMatchesEverything() {
        RouteTable t = table(ingress("a").rule("h", prefix("/", "root", 80)).build());

        assertEquals("root", serviceFor(t, "h", "/"));
        assertEquals("root", serviceFor(t, "h", "/any/thing"));
    }

    @Test
    void implementationSpecificIsTreatedAsPrefix() {
        RouteTable t = table(ingress("a").rule("h", implementationSpecific("/app", "app", 80)).build());

        assertEquals("app", serviceFor(t, "h", "/app/x"));
        assertEquals("404", serviceFor(t, "h", "/apple"));
    }

    @Test
    void theLongestMatchingPathWins() {
        RouteTable t = table(ingress("a").rule("h",
                prefix("/", "root", 80), prefix("/api", "api", 80), prefix("/api/v2", "v2", 80)).build());

        assertEquals("v2", serviceFor(t, "h", "/api/v2/items"));
        assertEquals("api", serviceFor(t, "h", "/api/v1/items"));
        assertEquals("root", serviceFor(t, "h", "/web"));
    }

    @Test
    void exactBeatsPrefixOfTheSamePath() {
        RouteTable t = table(ingress("a").rule("h", prefix("/foo", "prefix", 80), exact("/foo", "exact", 80)).build());

        assertEquals("exact", serviceFor(t, "h", "/foo"));
        assertEquals("prefix", serviceFor(t, "h", "/foo/bar"));
    }

    @Test
    void rulesForTheSameHostMergeAcrossIngressesAndTheOlderWinsAConflict() {
        RouteTable t = table(
                ingress("newer").createdAt("2026-02-01T00:00:00Z")
                        .rule("h", prefix("/a", "newer-a", 80), prefix("/b", "newer-b", 80)).build(),
                ingress("older").createdAt("2026-01-01T00:00:00Z").rule("h", prefix("/a", "older-a", 80)).build());

        assertEquals("older-a", serviceFor(t, "h", "/a"));
        assertEquals("newer-b", serviceFor(t, "h", "/b"));
    }

    @Test
    void theDefaultBackendTakesWhatNoRuleMatches() {
        RouteTable t = table(ingress("a").defaultBackend("fallback", 80).rule("h", prefix("/api", "api", 80)).build());

        assertEquals("api", serviceFor(t, "h", "/api"));
        assertEquals("fallback", serviceFor(t, "h", "/web"));
        assertEquals("fallback", serviceFor(t, "unknown.host", "/"));
    }

    @Test
    void anIngressWithOnlyADefaultBackendTakesEverything() {
        RouteTable t = table(ingress("a").defaultBackend("all", 8080).build());

        Route route = t.route("any.host", "/x/y");

        assertEquals(new Route.To(BackendRef.numbered("default", "all", 8080), "default/a"), route);
    }

    @Test
    void aHostFallsBackToTheDefaultBackendOfItsOwnIngressFirst() {
        RouteTable t = table(
                ingress("global").createdAt("2026-01-01T00:00:00Z").defaultBackend("global", 80).build(),
                ingress("site").createdAt("2026-02-01T00:00:00Z").defaultBackend("site-fallback", 80)
                        .rule("site.example", prefix("/app", "app", 80)).build());

        assertEquals("site-fallback", serviceFor(t, "site.example", "/other"));
        assertEquals("global", serviceFor(t, "elsewhere", "/other"));
    }

    @Test
    void withNeitherRuleNorDefaultBackendTheAnswerIsNotFound() {
        assertEquals(Route.NOT_FOUND, RouteTable.EMPTY.route("h", "/"));
    }

    @Test
    void backendsCarryTheIngressNamespaceAndPortByNumberOrName() {
        RouteTable t = table(ingress("a").inNamespace("shop")
                .rule("h", prefix("/n", "num", 8080), prefixToNamedPort("/p", "named", "http")).build());

        assertEquals(new Route.To(BackendRef.numbered("shop", "num", 8080), "shop/a"), t.route("h", "/n"));
        assertEquals(new Route.To(BackendRef.named("shop", "named", "http"), "shop/a"), t.route("h", "/p"));
        assertEquals(Set.of(BackendRef.numbered("shop", "num", 8080), BackendRef.named("shop", "named", "http")),
                t.backends());
    }
}
