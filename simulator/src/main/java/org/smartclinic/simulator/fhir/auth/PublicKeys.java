package org.smartclinic.simulator.fhir.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads a public key (RSA or EC) from PEM text ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
public final class PublicKeys {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PublicKeys() {
    }

    /**
     * @throws IllegalArgumentException when {@code pem} holds no RSA or EC public key
     */
    public static PublicKey parse(String pem) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no '" + BEGIN + "' block (make one with: openssl pkey -pubout)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisType) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("neither an RSA nor an EC public key");
    }
}
