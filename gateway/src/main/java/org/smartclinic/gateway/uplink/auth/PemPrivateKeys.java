package org.smartclinic.gateway.uplink.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads an unencrypted PKCS#8 private key (RSA or EC) from PEM text. */
public final class PemPrivateKeys {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final String CONVERT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem";

    private PemPrivateKeys() {
    }

    /**
     * The key in {@code pem}.
     *
     * @param source where it came from, for messages (a setting's name, never the content)
     * @throws EhrAuthConfigException when it is not an unencrypted PKCS#8 RSA or EC key
     */
    public static PrivateKey parse(String pem, String source) {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new EhrAuthConfigException(source + " is a PKCS#1/SEC1 key; the gateway reads PKCS#8: " + CONVERT);
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new EhrAuthConfigException(source + " is encrypted; protect it with file permissions instead and "
                    + CONVERT);
        }
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new EhrAuthConfigException(source + " holds no '" + BEGIN + "' block");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new EhrAuthConfigException(source + ": the PEM block is not valid base64");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisType) {
                // try the next type
            }
        }
        throw new EhrAuthConfigException(source + " is neither an RSA nor an EC private key");
    }
}
