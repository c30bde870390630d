package dev.jnet.cli.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseReaderTest {
    static Response read(String wire) throws IOException {
        return read(wire, "GET");
    }

    static Response read(String wire, String method) throws IOException {
        return new ResponseReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8))).read(method);
    }

    @Test
    void aContentLengthBodyIsReadExactly() throws IOException {
        Response r = read("HTTP/1.1 200 OK\r\nContent-Length: 7\r\ncontent-type: application/json\r\n\r\n{\"a\":1}garbage");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("OK");
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        assertThat(r.bodyText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void aChunkedBodyIsJoinedAndItsExtensionsAndTrailersAreSkipped() throws IOException {
        Response r = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;name=value\r\n[1,\r\n"
                + "A\r\n2,3,4,5,6]\r\n"
                + "0\r\nX-Checksum: none\r\n\r\n");
        assertThat(r.bodyText()).isEqualTo("[1,2,3,4,5,6]");
    }

    @Test
    void aBodyWithoutLengthLastsUntilTheConnectionCloses() throws IOException {
        assertThat(read("HTTP/1.1 200 OK\r\n\r\nOK").bodyText()).isEqualTo("OK");
    }

    @Test
    void noContentAndHeadAnswersHaveNoBody() throws IOException {
        assertThat(read("HTTP/1.1 204 No Content\r\n\r\n").body()).isEmpty();
        assertThat(read("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD").body()).isEmpty();
    }

    @Test
    void interimAnswersAreSkipped() throws IOException {
        Response r = read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.bodyText()).isEqualTo("{}");
    }

    @Test
    void bareLineFeedsAreAccepted() throws IOException {
        assertThat(read("HTTP/1.1 200 OK\nContent-Length: 2\n\n{}").bodyText()).isEqualTo("{}");
    }

    @Test
    void aBodyCutShortIsAnError() {
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}"))
                .isInstanceOf(EOFException.class).hasMessageContaining("after 2 of 10 body bytes");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"))
                .isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> read("")).isInstanceOf(EOFException.class)
                .hasMessage("the connection closed before a response arrived");
    }

    @Test
    void somethingThatIsNotHttpIsAnError() {
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not an HTTP/1.1 status line: 'SSH-2.0-OpenSSH'");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("bad Content-Length");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("bad chunk size");
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\n" + "X: " + "a".repeat(ResponseReader.MAX_LINE) + "\r\n\r\n"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("longer than");
    }
}
