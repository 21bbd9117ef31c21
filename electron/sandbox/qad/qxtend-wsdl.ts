// The WSDL the QXtend simulator serves at `?wsdl`. No official QAD WSDL is public (sheet 4: "No official
// QAD sample WSDL/XSD was found"), so this one is our construction: document/literal SOAP 1.1, one operation
// per configured QDoc, the request element holding `qcom:dsSessionContext` followed by any dataset, the
// response holding `result`, the echoed context and `dsExceptions` (sheet 1.2, 1.3).
import { QXTEND_NS } from '../../connectors/qad/defaults.ts';

const escapeAttr = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * `operations` maps each QDoc name to its dataset element (e.g. bcinvoice -> BCInvoice). Declaring the
 * dataset in the services namespace makes a WSDL-driven client (the `soap` package) send it there, as QAD
 * expects, instead of guessing a namespace for an `xsd:any`.
 */
export function buildQxtendWsdl(operations: ReadonlyMap<string, string>, location: string): string {
  const datasets = [...new Set(operations.values())]
    .map(
      (name) => `
      <xsd:element name="${name}">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>`,
    )
    .join('');
  const elements = [...operations]
    .map(
      ([op, dataset]) => `
      <xsd:element name="${op}">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element ref="qcom:dsSessionContext" minOccurs="0"/>
            <xsd:element ref="tns:${dataset}" minOccurs="0"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="${op}Response">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="result" type="xsd:string"/>
            <xsd:element ref="qcom:dsSessionContext" minOccurs="0"/>
            <xsd:element ref="qcom:dsExceptions" minOccurs="0"/>
            <xsd:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>`,
    )
    .join('');
  const names = [...operations.keys()];
  const messages = names
    .map(
      (op) => `
  <wsdl:message name="${op}Request"><wsdl:part name="parameters" element="tns:${op}"/></wsdl:message>
  <wsdl:message name="${op}Response"><wsdl:part name="parameters" element="tns:${op}Response"/></wsdl:message>`,
    )
    .join('');
  const portOps = names
    .map(
      (op) => `
    <wsdl:operation name="${op}">
      <wsdl:input message="tns:${op}Request"/>
      <wsdl:output message="tns:${op}Response"/>
    </wsdl:operation>`,
    )
    .join('');
  // soapAction is the QDoc name here; real clients send SOAPAction "" and the server dispatches on the
  // body element either way (sheet 1.3a: both work).
  const bindingOps = names
    .map(
      (op) => `
    <wsdl:operation name="${op}">
      <soap:operation soapAction="${op}" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="QdocWebService"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="${QXTEND_NS.qsvc}"
    xmlns:qcom="${QXTEND_NS.qcom}"
    targetNamespace="${QXTEND_NS.qsvc}">
  <wsdl:types>
    <xsd:schema targetNamespace="${QXTEND_NS.qcom}" elementFormDefault="qualified">
      <xsd:element name="dsSessionContext">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="ttContext" minOccurs="0" maxOccurs="unbounded">
              <xsd:complexType>
                <xsd:sequence>
                  <xsd:element name="propertyQualifier" type="xsd:string"/>
                  <xsd:element name="propertyName" type="xsd:string"/>
                  <xsd:element name="propertyValue" type="xsd:string"/>
                </xsd:sequence>
              </xsd:complexType>
            </xsd:element>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
      <xsd:element name="dsExceptions">
        <xsd:complexType>
          <xsd:sequence>
            <xsd:element name="temp_err_msg" minOccurs="0" maxOccurs="unbounded">
              <xsd:complexType>
                <xsd:sequence>
                  <xsd:element name="tt_msg_nbr" type="xsd:string"/>
                  <xsd:element name="tt_msg_desc" type="xsd:string"/>
                  <xsd:element name="tt_msg_sev" type="xsd:string" minOccurs="0"/>
                  <xsd:element name="tt_msg_field" type="xsd:string" minOccurs="0"/>
                  <xsd:element name="tt_msg_context" type="xsd:string" minOccurs="0"/>
                  <xsd:element name="tt_msg_data" type="xsd:string" minOccurs="0"/>
                  <xsd:element name="tt_msg_keys" type="xsd:string" minOccurs="0"/>
                  <xsd:element name="tt_msg_datetime" type="xsd:string" minOccurs="0"/>
                  <xsd:element name="tt_msg_processed" type="xsd:string" minOccurs="0"/>
                  <xsd:element name="tt_level" type="xsd:string" minOccurs="0"/>
                  <xsd:element name="tt_msg_index" type="xsd:string" minOccurs="0"/>
                </xsd:sequence>
              </xsd:complexType>
            </xsd:element>
          </xsd:sequence>
        </xsd:complexType>
      </xsd:element>
    </xsd:schema>
    <xsd:schema targetNamespace="${QXTEND_NS.qsvc}" elementFormDefault="qualified">
      <xsd:import namespace="${QXTEND_NS.qcom}"/>${datasets}${elements}
    </xsd:schema>
  </wsdl:types>${messages}
  <wsdl:portType name="QdocWebServicePortType">${portOps}
  </wsdl:portType>
  <wsdl:binding name="QdocWebServiceBinding" type="tns:QdocWebServicePortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}
  </wsdl:binding>
  <wsdl:service name="QdocWebService">
    <wsdl:port name="QdocWebService" binding="tns:QdocWebServiceBinding">
      <soap:address location="${escapeAttr(location)}"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
`;
}
