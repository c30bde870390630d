package dev.jnet.cli;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void columnsAreTheWidestCellPlusThreeAndAtLeastTenAsInDocker() {
        String table = new Table("A", "LONGER HEADER", "LAST").row("x", "y", "a long last cell").row("wide cell here", "", "z").toString();
        assertThat(table).isEqualTo("""
                A                LONGER HEADER   LAST
                x                y               a long last cell
                wide cell here                   z
                """);
    }

    @Test
    void anEmptyTableIsItsHeader() {
        assertThat(new Table("NETWORK ID", "NAME").toString()).isEqualTo("NETWORK ID   NAME\n");
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        assertThatThrownBy(() -> new Table("A", "B").row("x")).hasMessage("a row needs 2 cells, not 1");
    }

    @Test
    void sandboxesShowTheirNetworksByNameAndTheirAddressesWithoutPrefix() {
        List<JsonNode> sandboxes = List.of(JSON.readTree(Canned.CLIENT), JSON.readTree(Canned.LONELY));
        String table = Listing.sandboxes(sandboxes, java.util.Map.of(Canned.WEB_ID, "web"), false).toString();
        assertThat(table).isEqualTo("""
                SANDBOX ID     NAME      NETWORKS   ADDRESSES
                5e1a2b3c4d5e   client    web        172.18.0.2,fd00:1::2
                77aa2b3c4d5e   lonely
                """);
    }

    @Test
    void aNetworkWithoutAKnownNameShowsItsShortId() {
        String table = Listing.sandboxes(List.of(JSON.readTree(Canned.CLIENT)), java.util.Map.of(), true).toString();
        assertThat(table).contains(Canned.CLIENT_ID + "   client    3f1c2d4e5f60");
    }

    @Test
    void prettyJsonIsIndentedByFourSpacesLikeDockerInspect() {
        assertThat(JsonOutput.prettyArray(List.of(JSON.readTree("{\"a\":[1],\"b\":{},\"c\":[]}")))).isEqualTo("""
                [
                    {
                        "a": [
                            1
                        ],
                        "b": {},
                        "c": []
                    }
                ]
                """);
    }
}
