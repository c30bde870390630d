package dev.jnet.cli;

import org.junit.jupiter.api.Test;
import dev.jnet.cli.json.Json;
import dev.jnet.cli.json.JsonReader;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

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
        List<Json> sandboxes = List.of(JsonReader.read(Canned.CLIENT), JsonReader.read(Canned.LONELY));
        String table = Listing.sandboxes(sandboxes, java.util.Map.of(Canned.WEB_ID, "web"), false).toString();
        assertThat(table).isEqualTo("""
                SANDBOX ID     NAME      NETWORKS   ADDRESSES              PORTS
                5e1a2b3c4d5e   client    web        172.18.0.2,fd00:1::2
                77aa2b3c4d5e   lonely
                """);
    }

    @Test
    void publishedPortsShowAsDockerPsShowsThem() {
        String withPorts = Canned.CLIENT.replace("\"driverOptions\":{}}", "\"driverOptions\":{},\"ports\":["
                + "{\"protocol\":\"tcp\",\"containerPort\":80,\"hostIp\":\"0.0.0.0\",\"hostPort\":8080},"
                + "{\"protocol\":\"udp\",\"containerPort\":53,\"hostIp\":\"::1\",\"hostPort\":5353}]}");
        assertThat(Listing.portsCell(JsonReader.read(withPorts))).isEqualTo("0.0.0.0:8080->80/tcp, [::1]:5353->53/udp");
    }

    @Test
    void aNetworkWithoutAKnownNameShowsItsShortId() {
        String table = Listing.sandboxes(List.of(JsonReader.read(Canned.CLIENT)), java.util.Map.of(), true).toString();
        assertThat(table).contains(Canned.CLIENT_ID + "   client    3f1c2d4e5f60");
    }

    @Test
    void prettyJsonIsIndentedByFourSpacesLikeDockerInspect() {
        assertThat(JsonOutput.prettyArray(List.of(JsonReader.read("{\"a\":[1],\"b\":{},\"c\":[]}")))).isEqualTo("""
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
