package dev.jnet.daemon.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {
    private final RouteHandler byRef = call -> new Reply.Text(200, "ref " + call.param("ref"));
    private final RouteHandler prune = call -> new Reply.Text(200, "prune");
    private final Router router = new Router()
            .add("GET", "/v1/networks/{ref}", byRef)
            .add("DELETE", "/v1/networks/{ref}", byRef)
            .add("POST", "/v1/networks/prune", prune)
            .add("POST", "/v1/networks/{ref}/connect", byRef);

    @Test
    void aTemplateSegmentMatchesOneSegmentAndIsPassedByName() {
        Router.Match match = router.match("POST", "/v1/networks/web/connect");
        assertThat(match).isEqualTo(new Router.Match.Found(byRef, "/v1/networks/{ref}/connect", Map.of("ref", "web")));
    }

    @Test
    void aLiteralSegmentWinsOverATemplateForTheSameMethodOnly() {
        assertThat(router.match("POST", "/v1/networks/prune")).isEqualTo(new Router.Match.Found(prune, "/v1/networks/prune", Map.of()));
        assertThat(router.match("GET", "/v1/networks/prune"))
                .isEqualTo(new Router.Match.Found(byRef, "/v1/networks/{ref}", Map.of("ref", "prune")));
    }

    @Test
    void aKnownPathWithAnotherMethodListsTheAllowedMethods() {
        assertThat(router.match("PUT", "/v1/networks/web"))
                .isEqualTo(new Router.Match.WrongMethod(List.of("DELETE", "GET")));
    }

    @Test
    void unknownPathsTrailingSlashesAndEmptySegmentsMatchNothing() {
        assertThat(router.match("GET", "/v1/networks/web/")).isInstanceOf(Router.Match.NoSuchPath.class);
        assertThat(router.match("GET", "/v1/networks//connect")).isInstanceOf(Router.Match.NoSuchPath.class);
        assertThat(router.match("GET", "/v1/nothing")).isInstanceOf(Router.Match.NoSuchPath.class);
        assertThat(router.match("GET", "*")).isInstanceOf(Router.Match.NoSuchPath.class);
    }

    @Test
    void aRouteDefinedTwiceIsRefused() {
        assertThatThrownBy(() -> router.add("GET", "/v1/networks/{other}", byRef))
                .hasMessageContaining("defined twice");
    }
}
