package org.smartclinic.simulator.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import ca.uhn.fhir.rest.api.EncodingEnum;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-reads a request body and reports what HAPI's lenient parser would silently drop or bend (unknown elements,
 * wrong JSON types, invalid primitive values), because the model the server works on no longer shows them. A
 * HAPI JPA server validating the raw request rejects the same things.
 */
final class ParseIssueCollector implements IParserErrorHandler {

    private final List<ValidationIssue> issues = new ArrayList<>();

    static List<ValidationIssue> check(FhirContext fhirContext, String body) {
        ParseIssueCollector collector = new ParseIssueCollector();
        EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(body);
        if (encoding == null) {
            return List.of(new ValidationIssue(true, null, "Request body is neither FHIR JSON nor FHIR XML"));
        }
        try {
            encoding.newParser(fhirContext).setParserErrorHandler(collector).parseResource(body);
        } catch (DataFormatException e) {
            collector.issues.add(new ValidationIssue(true, null, e.getMessage()));
        }
        return List.copyOf(collector.issues);
    }

    private void add(IParseLocation location, String message) {
        String parent = location == null ? null : location.getParentElementName();
        issues.add(new ValidationIssue(false, parent, message + (parent != null ? " (in " + parent + ")" : "")));
    }

    @Override
    public void containedResourceWithNoId(IParseLocation location) {
        add(location, "Contained resource has no id, so nothing can reference it");
    }

    @Override
    public void incorrectJsonType(IParseLocation location, String elementName,
                                  BaseJsonLikeValue.ValueType expectedValueType,
                                  BaseJsonLikeValue.ScalarType expectedScalarType,
                                  BaseJsonLikeValue.ValueType foundValueType,
                                  BaseJsonLikeValue.ScalarType foundScalarType) {
        add(location, "Element '" + elementName + "' has JSON type " + describe(foundValueType, foundScalarType)
                + " but must be " + describe(expectedValueType, expectedScalarType));
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
        add(location, "Invalid value '" + value + "': " + error);
    }

    @Override
    public void missingRequiredElement(IParseLocation location, String elementName) {
        add(location, "Required element '" + elementName + "' is missing");
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
        add(location, "Element '" + elementName + "' repeats but may appear only once");
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attributeName) {
        add(location, "Unknown attribute '" + attributeName + "'");
    }

    @Override
    public void unknownElement(IParseLocation location, String elementName) {
        add(location, "Unknown element '" + elementName + "'");
    }

    @Override
    public void unknownReference(IParseLocation location, String reference) {
        add(location, "Reference '" + reference + "' points to no contained resource");
    }

    @Override
    public void invalidInternalReference(IParseLocation location, String reference) {
        add(location, "Invalid internal reference '" + reference + "'");
    }

    @Override
    public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
        add(location, "Extension has both a value and nested extensions");
    }

    private static String describe(BaseJsonLikeValue.ValueType valueType, BaseJsonLikeValue.ScalarType scalarType) {
        return scalarType != null ? valueType + "/" + scalarType : String.valueOf(valueType);
    }
}
