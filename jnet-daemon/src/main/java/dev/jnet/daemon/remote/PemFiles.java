package dev.jnet.daemon.remote;

import dev.jnet.error.JnetException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin spec's TLS files as Java key stores: {@code CAFile}'s certificates to trust, and {@code CertFile}
 * with {@code KeyFile} as the client's identity. Keys are PEM, PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC,
 * Ed25519) or PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}), unencrypted, as Docker reads them.
 */
final class PemFiles {
    /** The password of the in-memory key store: it never leaves this process. */
    static final String STORE_PASSWORD = "jnet-plugin-client";
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
    /** DER of PKCS#8's AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1, NULL parameters). */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
            0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {}

    /** A trust store of the PEM certificates in {@code ca}. */
    static KeyStore trustStore(Path ca) {
        try {
            KeyStore store = emptyStore();
            int n = 0;
            for (Certificate c : certificates(ca, "CAFile")) {
                store.setCertificateEntry("ca" + n++, c);
            }
            return store;
        } catch (GeneralSecurityException e) {
            throw JnetException.invalid("plugin spec TLSConfig: CAFile " + ca + " cannot be read: " + e.getMessage());
        }
    }

    /** A key store holding the key in {@code keyFile} for the certificate chain in {@code certFile}. */
    static KeyStore identity(Path certFile, Path keyFile) {
        List<? extends Certificate> chain = certificates(certFile, "CertFile");
        if (chain.isEmpty()) {
            throw JnetException.invalid("plugin spec TLSConfig: CertFile " + certFile + " holds no certificate");
        }
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("client", key, STORE_PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException e) {
            throw JnetException.invalid("plugin spec TLSConfig: KeyFile " + keyFile + " does not go with CertFile "
                    + certFile + ": " + e.getMessage());
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static List<? extends Certificate> certificates(Path file, String field) {
        try (InputStream in = Files.newInputStream(file)) {
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException | GeneralSecurityException e) {
            throw JnetException.invalid("plugin spec TLSConfig: " + field + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw JnetException.invalid("plugin spec TLSConfig: KeyFile " + file + " cannot be read: " + e.getMessage());
        }
        if (text.contains("ENCRYPTED")) {
            throw JnetException.invalid("plugin spec TLSConfig: KeyFile " + file + " is encrypted; jnet reads"
                    + " unencrypted keys (openssl pkcs8 -topk8 -nocrypt decrypts it)");
        }
        Matcher m = BLOCK.matcher(text);
        boolean found = false;
        while (!found && m.find()) { // a file may hold the certificate or EC parameters first, as Docker allows
            found = m.group(1).endsWith("PRIVATE KEY");
        }
        if (!found) {
            throw JnetException.invalid("plugin spec TLSConfig: KeyFile " + file + " holds no PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2).strip());
        return switch (m.group(1)) {
            case "PRIVATE KEY" -> pkcs8(der, file);
            case "RSA PRIVATE KEY" -> pkcs8(wrapRsa(der), file);
            default -> throw JnetException.invalid("plugin spec TLSConfig: KeyFile " + file + " is a " + m.group(1)
                    + "; jnet reads unencrypted PKCS#8 (BEGIN PRIVATE KEY) and RSA keys (openssl pkcs8 -topk8 -nocrypt"
                    + " converts others)");
        };
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // another algorithm's key
            }
        }
        throw JnetException.invalid("plugin spec TLSConfig: KeyFile " + file + " is no RSA, EC or EdDSA key");
    }

    /** A PKCS#1 RSA key inside PKCS#8's PrivateKeyInfo: SEQUENCE { INTEGER 0, rsaEncryption, OCTET STRING key }. */
    private static byte[] wrapRsa(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.writeBytes(tagged(0x04, pkcs1));
        return tagged(0x30, body.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
