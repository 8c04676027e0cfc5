/**
 * The staff's pages: server-rendered Qute templates with small JavaScript modules where a page is live, in Russian
 * and English ({@link org.smartclinic.gateway.web.Texts}).
 */
package org.smartclinic.gateway.web;
